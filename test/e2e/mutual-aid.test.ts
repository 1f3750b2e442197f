import { PROVINCE_CODES, type ProvinceCode, type RescueBaseRecord } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { INCIDENT_AT, setStoredStatus, storedCounts, storedMutualAid, WRITE_ENDPOINT } from '../support/mutual-aid-store';
import { expectedInvalid } from '../support/oracle';
import { bearer } from '../support/tokens';

/**
 * Mutual aid through the real gateway, for each province: written through the province's own
 * endpoint with the incident in its datum, exactly once per clientRequestId, status read through,
 * and every refusal made before anything reaches the system.
 */

const REQUEST = `mutation($input: MutualAidRequestInput!) {
  requestMutualAid(input: $input) { id clientRequestId status fromProvince toProvince updatedAt base { id } }
}`;
const READ = `query($id: ID!) { mutualAidRequest(id: $id) { id clientRequestId status fromProvince toProvince updatedAt base { id } } }`;

interface AidAnswer {
  id: string;
  clientRequestId: string;
  status: string;
  fromProvince: string;
  toProvince: string;
  updatedAt: string;
  base: { id: string };
}

let fed: Federation;
let run = 0;

beforeAll(async () => {
  fed = await startFederation({ legacyTimeoutMs: 3000 });
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

function baseWithTeamsAndMaterials(province: ProvinceCode, skip = 0): RescueBaseRecord {
  const invalid = expectedInvalid(fed.dataset, 'bases', [province]);
  const bases = fed.dataset.bases.filter((b) => b.province === province && !invalid.has(b.sourceId) && !invalid.has(b.id) && b.teams.length >= 2 && b.materials.length >= 1);
  return bases[skip];
}

function inputFor(province: ProvinceCode, base: RescueBaseRecord, fromProvince: ProvinceCode, extra: Record<string, unknown> = {}) {
  run += 1;
  return {
    clientRequestId: `e2e-${province}-${run}-${Date.now()}`,
    baseId: base.id,
    fromProvince,
    incident: { title: '危化品槽车泄漏', location: INCIDENT_AT[province], occurredAt: '2026-07-12T11:30:00+08:00' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: Math.min(1, base.materials[0].quantity) }],
    contact: '联络员 13800000000',
    ...extra,
  };
}

describe.each(PROVINCE_CODES)('mutual aid to a base in %s', (province: ProvinceCode) => {
  const fromProvince = PROVINCE_CODES[(PROVINCE_CODES.indexOf(province) + 1) % PROVINCE_CODES.length];
  let auth: Record<string, string>;
  let base: RescueBaseRecord;
  let created: AidAnswer;
  let input: ReturnType<typeof inputFor>;

  beforeAll(async () => {
    auth = await bearer({ role: 'province', province: fromProvince });
    base = baseWithTeamsAndMaterials(province);
  });

  it("creates the request through the province's own endpoint, with the incident in its datum", async () => {
    input = inputFor(province, base, fromProvince);
    const answer = await fed.query<{ requestMutualAid: AidAnswer }>(REQUEST, { input }, auth);
    expect(answer.errors).toBeUndefined();
    created = answer.data!.requestMutualAid;
    expect(created).toMatchObject({ clientRequestId: input.clientRequestId, status: 'SUBMITTED', fromProvince, toProvince: province, base: { id: base.id } });
    expect(created.id.startsWith(`${province}:MutualAidRequest:`)).toBe(true);

    const stored = (await storedMutualAid(fed.sims[province])).filter((r) => r.clientRequestId === input.clientRequestId);
    expect(stored).toHaveLength(1);
    expect(created.id).toBe(`${province}:MutualAidRequest:${stored[0].sourceId}`);
    expect(stored[0]).toMatchObject({ baseSourceId: base.sourceId, fromProvince, status: 'SUBMITTED' });
    const at = INCIDENT_AT[province];
    // Converted to the system's datum on the way in, and back by the system: within a metre or so.
    expect(Math.abs(stored[0].wgs84!.lng - at.lng)).toBeLessThan(2e-5);
    expect(Math.abs(stored[0].wgs84!.lat - at.lat)).toBeLessThan(2e-5);
    if (province === 'ZJ') {
      // BD-09 on the wire: hundreds of metres off the WGS-84 position.
      expect(Math.abs(stored[0].raw!.lng - at.lng)).toBeGreaterThan(0.003);
    }
    if (province === 'SH' || province === 'AH') expect(stored[0].raw).toEqual({ lng: expect.closeTo(at.lng, 7), lat: expect.closeTo(at.lat, 7) });
  });

  it('a repeat, sequential or concurrent, answers the original request and creates nothing', async () => {
    const again = await fed.query<{ requestMutualAid: AidAnswer }>(REQUEST, { input }, auth);
    expect(again.errors).toBeUndefined();
    expect(again.data!.requestMutualAid.id).toBe(created.id);
    const burst = await Promise.all(Array.from({ length: 6 }, () => fed.query<{ requestMutualAid: AidAnswer }>(REQUEST, { input }, auth)));
    for (const b of burst) {
      expect(b.errors).toBeUndefined();
      expect(b.data!.requestMutualAid.id).toBe(created.id);
    }
    const fresh = inputFor(province, base, fromProvince);
    const twins = await Promise.all(Array.from({ length: 5 }, () => fed.query<{ requestMutualAid: AidAnswer }>(REQUEST, { input: fresh }, auth)));
    const ids = new Set(twins.map((t) => t.data?.requestMutualAid?.id));
    expect(twins.map((t) => t.errors)).toEqual(twins.map(() => undefined));
    expect(ids.size).toBe(1);

    const counts = await storedCounts(fed.sims[province]);
    expect(counts.get(input.clientRequestId)).toBe(1);
    expect(counts.get(fresh.clientRequestId)).toBe(1);
  });

  it('reads the status through from the system, normalised to the contract', async () => {
    const sourceId = created.id.split(':')[2];
    const before = await fed.query<{ mutualAidRequest: AidAnswer }>(READ, { id: created.id }, auth);
    expect(before.errors).toBeUndefined();
    // The same request, read from the system. Its time is the system's: a create answered without
    // one (Shanghai's) was stamped by the subgraph's clock, which may fall in the second before.
    const { updatedAt, ...rest } = before.data!.mutualAidRequest;
    const { updatedAt: createdAt, ...createdRest } = created;
    expect(rest).toEqual(createdRest);
    expect(Math.abs(Date.parse(updatedAt) - Date.parse(createdAt))).toBeLessThanOrEqual(1000);

    for (const status of ['ACCEPTED', 'DISPATCHED'] as const) {
      await setStoredStatus(fed.sims[province], sourceId, status);
      const read = await fed.query<{ mutualAidRequest: AidAnswer }>(READ, { id: created.id }, auth);
      expect(read.errors).toBeUndefined();
      expect(read.data!.mutualAidRequest).toMatchObject({ id: created.id, status, clientRequestId: input.clientRequestId, base: { id: base.id } });
    }
    const repeat = await fed.query<{ requestMutualAid: AidAnswer }>(REQUEST, { input }, auth);
    expect(repeat.data!.requestMutualAid).toMatchObject({ id: created.id, status: 'DISPATCHED' });
  });

  it('refuses an unknown base, a foreign team, an unknown material and more than the stock, creating nothing', async () => {
    const other = baseWithTeamsAndMaterials(province, 1);
    const foreignTeam = other.teams.find((t) => !base.teams.some((own) => own.id === t.id))!.id;
    const stock = base.materials[0];
    const cases: [Record<string, unknown>, string][] = [
      [{ baseId: `${province}:RescueBase:NO-SUCH-BASE` }, 'input.baseId'],
      [{ teamIds: [foreignTeam] }, 'input.teamIds'],
      [{ teamIds: [`${province}:RescueTeam:NO-SUCH-TEAM`] }, 'input.teamIds'],
      [{ materials: [{ code: 'NO-SUCH-MATERIAL', quantity: 1 }] }, 'input.materials'],
      [{ materials: [{ code: stock.code, quantity: stock.quantity + 1 }] }, 'input.materials'],
      [{ materials: [{ code: stock.code, quantity: 0 }] }, 'input.materials'],
    ];
    const before = await storedMutualAid(fed.sims[province]);
    fed.resetLegacyCalls();
    const refusedIds: string[] = [];
    for (const [extra, argument] of cases) {
      const bad = inputFor(province, base, fromProvince, extra);
      refusedIds.push(bad.clientRequestId);
      const answer = await fed.query<{ requestMutualAid: AidAnswer | null }>(REQUEST, { input: bad }, auth);
      expect(answer.data?.requestMutualAid ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    const after = await storedMutualAid(fed.sims[province]);
    expect(after).toHaveLength(before.length);
    expect(after.filter((r) => refusedIds.includes(r.clientRequestId ?? ''))).toEqual([]);
    expect(fed.legacyCalls()[province][WRITE_ENDPOINT[province]] ?? 0).toBe(0);
    const valid = await fed.query<{ requestMutualAid: AidAnswer | null }>(REQUEST, { input: inputFor(province, base, fromProvince) }, auth);
    expect(valid.errors).toBeUndefined();
    expect(fed.legacyCalls()[province][WRITE_ENDPOINT[province]]).toBe(1);
  });

  it('refuses a clientRequestId already used for a different request (CONFLICT), and a caller asking in another province’s name (FORBIDDEN)', async () => {
    const before = (await storedMutualAid(fed.sims[province])).length;
    const changed = { ...input, contact: 'someone else' };
    const conflict = await fed.query<{ requestMutualAid: AidAnswer | null }>(REQUEST, { input: changed }, auth);
    expect(conflict.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', clientRequestId: input.clientRequestId });

    const impostor = PROVINCE_CODES.find((p) => p !== fromProvince)!;
    const forbidden = await fed.query<{ requestMutualAid: AidAnswer | null }>(REQUEST, { input: inputFor(province, base, fromProvince) }, await bearer({ role: 'province', province: impostor }));
    expect(forbidden.data?.requestMutualAid ?? null).toBeNull();
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await storedMutualAid(fed.sims[province])).toHaveLength(before);
  });

  it('answers null with NOT_FOUND for a request the system holds but that predates the journal', async () => {
    const earlier = fed.dataset.mutualAidRequests.find((r) => r.province === province)!;
    const answer = await fed.query<{ mutualAidRequest: AidAnswer | null }>(READ, { id: earlier.id }, auth);
    expect(answer.data?.mutualAidRequest).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', province, reason: 'NOT_IN_JOURNAL' });
    const unknown = await fed.query<{ mutualAidRequest: AidAnswer | null }>(READ, { id: `${province}:MutualAidRequest:NO-SUCH-REQUEST` }, auth);
    expect(unknown.data?.mutualAidRequest).toBeNull();
    expect(unknown.errors).toBeUndefined();
  });
});
