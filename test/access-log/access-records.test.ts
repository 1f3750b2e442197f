import { createHash } from 'node:crypto';
import type { ProvinceCode } from '../../schema/model';
import type { AccessRecord } from '../../schema/access-log/types';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases, expectedEnterpriseByCode, expectedEnterprises } from '../support/oracle';
import type { TokenClaims } from '../support/tokens';

/**
 * The access log as the gateway writes it: one record per request that released or refused a
 * conditional field, or wrote; with who asked, what and from which province, never the values
 * released nor the caller's token.
 */

const ENTERPRISE = 'query Detail($c: ID!) { hazmatEnterprise(creditCode: $c) { name chemicals { unNumber } contactPhone } }';
const NAME_ONLY = 'query NameOnly($c: ID!) { hazmatEnterprise(creditCode: $c) { name } }';
const AID = 'mutation Aid($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id } }';

let fed: Federation;
const tokens: string[] = [];

beforeAll(async () => {
  fed = await startFederation();
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

function enterprise(p: ProvinceCode) {
  return expectedEnterprises(fed.dataset, [p]).find((e) => e.chemicals.length > 0 && e.contactPhone && expectedEnterpriseByCode(fed.dataset, e.creditCode) === e)!;
}

async function ask(claims: TokenClaims, query: string, variables: Record<string, unknown>, clientName = 'audit-test') {
  const token = await fed.token(claims);
  tokens.push(token);
  const requestId = `req-${Math.random().toString(36).slice(2)}`;
  const answer = await fed.query(query, variables, { authorization: `Bearer ${token}`, 'apollographql-client-name': clientName, 'x-request-id': requestId });
  return { answer, requestId };
}

async function records(): Promise<AccessRecord[]> {
  await fed.gateway.accessRecorder.flush();
  const all: AccessRecord[] = [];
  for await (const r of fed.gateway.accessRecorder.store.scan()) all.push(r);
  return all;
}

async function recordOf(requestId: string): Promise<AccessRecord | undefined> {
  return (await records()).find((r) => r.requestId === requestId);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the access record of each kind of request', () => {
  it('a read with the entry: released by entry and province, with the caller, client and operation', async () => {
    const e = enterprise('JS');
    const { answer, requestId } = await ask({ sub: 'exchange-1', role: 'exchange', catalog: ['HAZMAT_DETAIL'] }, ENTERPRISE, { c: e.creditCode });
    expect(answer.errors).toBeUndefined();
    const record = await recordOf(requestId);
    expect(record).toMatchObject({
      sub: 'exchange-1',
      role: 'exchange',
      province: null,
      clientName: 'audit-test',
      operationName: 'Detail',
      operationHash: sha256(ENTERPRISE),
      kind: 'QUERY',
      released: [{ entry: 'HAZMAT_DETAIL', province: 'JS', records: 2 }],
      refused: [],
      outcome: 'OK',
    });
  });

  it('a read without the entry: the refusals with their counts', async () => {
    const e = enterprise('ZJ');
    const { answer, requestId } = await ask({ sub: 'app-1', role: 'app', catalog: [] }, ENTERPRISE, { c: e.creditCode });
    expect(answer.errors?.every((x) => x.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(await recordOf(requestId)).toMatchObject({ sub: 'app-1', role: 'app', released: [], refused: [{ entry: 'HAZMAT_DETAIL', province: 'ZJ', records: 2 }], outcome: 'ERROR' });
  });

  it("a province reading its own records: released as its own province's", async () => {
    const e = enterprise('SH');
    const { answer, requestId } = await ask({ sub: 'sh-officer', role: 'province', province: 'SH' }, ENTERPRISE, { c: e.creditCode });
    expect(answer.errors).toBeUndefined();
    expect(await recordOf(requestId)).toMatchObject({ role: 'province', province: 'SH', released: [{ entry: 'HAZMAT_DETAIL', province: 'SH', records: 2 }], refused: [] });
  });

  it('a read of unconditional fields only is not recorded', async () => {
    const { answer, requestId } = await ask({ role: 'app' }, NAME_ONLY, { c: enterprise('AH').creditCode });
    expect(answer.errors).toBeUndefined();
    expect(await recordOf(requestId)).toBeUndefined();
  });

  it('mutual aid: a write, recorded as a mutation releasing MUTUAL_AID', async () => {
    const base = expectedBases(fed.dataset, ['AH']).find((b) => b.materials.length > 0)!;
    const input = { clientRequestId: `access-${Date.now()}`, baseId: base.id, fromProvince: 'AH', incident: { title: 'drill', location: { lng: 117.2, lat: 31.8 }, occurredAt: '2026-07-12T11:00:00+08:00' }, contact: '0551-1234567' };
    const { answer, requestId } = await ask({ sub: 'ah-officer', role: 'province', province: 'AH' }, AID, { input });
    expect(answer.errors).toBeUndefined();
    expect(await recordOf(requestId)).toMatchObject({ kind: 'MUTATION', operationName: 'Aid', released: [{ entry: 'MUTUAL_AID', province: 'AH', records: 1 }], outcome: 'OK' });
  });

  it('holds no token and no data value, and chains every record', async () => {
    const all = await records();
    const text = JSON.stringify(all);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain(enterprise('JS').contactPhone!);
    expect(text).not.toContain('0551-1234567');
    expect(await verifyAccessRecords(all)).toMatchObject({ ok: true, recordsChecked: all.length, firstBadRecord: null });
  });
});
