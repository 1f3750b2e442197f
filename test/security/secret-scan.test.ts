import { PROVINCE_CODES } from '../../schema/model';
import { loadSimulatorConfig } from '../../simulators/config';
import { startFederation, type Federation } from '../support/federation';
import { TEST_JWT_SECRET, mintToken } from '../support/tokens';

/**
 * No answer and no log line carries a secret: the JWT secret, a caller's token, the four legacy
 * systems' credentials, an internal address, or a stack trace. Every gateway log line (pino, at
 * debug level) and every response of a representative run, error paths included, is captured
 * and scanned.
 */

const lines: string[] = [];
const destination = { write: (line: string) => void lines.push(line) };
const responses: string[] = [];
const tokens: string[] = [];
let fed: Federation;

beforeAll(async () => {
  fed = await startFederation({ gatewayEnv: { LOG_LEVEL: 'debug' }, logDestination: destination, legacyTimeoutMs: 400, shardTimeoutMs: 1500 });
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

async function call(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  responses.push(`${res.status} ${JSON.stringify([...res.headers.entries()])} ${await res.text()}`);
}

async function token(claims: Parameters<typeof mintToken>[0], options?: Parameters<typeof mintToken>[1]): Promise<Record<string, string>> {
  const t = await mintToken(claims, options);
  tokens.push(t);
  return { authorization: `Bearer ${t}` };
}

describe('a scan of logs and answers for secrets', () => {
  it('finds none after a representative run, error paths included', async () => {
    const ds = fed.dataset;
    const all = await token({ role: 'exchange', catalog: ['HAZMAT_DETAIL', 'VEHICLE_TRACK', 'RESCUE_RESOURCES', 'MUTUAL_AID'] });
    const base = ds.bases.find((b) => b.province === 'JS')!;
    // Served answers, with and without the rights.
    await call('{ warnings(first: 3) { edges { node { id headline capXml provenance { system sourceId } } } } }', {}, all);
    await call('{ hazmatEnterprises(first: 3) { edges { node { name chemicals { name } contactPhone } } } }', {}, all);
    await call('{ hazmatEnterprises(first: 3) { edges { node { name chemicals { name } contactPhone } } } }');
    await call('query($p: ID!) { vehicle(plate: $p) { track(from: "2026-06-01T00:00:00+08:00", to: "2026-07-12T12:00:00+08:00") { at } waybills { id goods { name } } } }', { p: ds.waybills[0].plate }, all);
    await call('mutation($i: MutualAidRequestInput!) { requestMutualAid(input: $i) { id status } }', {
      i: { clientRequestId: 'scan-1', baseId: base.id, fromProvince: 'SH', incident: { title: 'scan', location: { lng: 120.5, lat: 32 }, occurredAt: '2026-07-12T11:00:00+08:00' }, contact: '021-1' },
    }, all);
    // Refused callers and requests.
    await call('{ provinces { code } }', {}, await token({ role: 'auditor' }, { secret: 'an-attacker-secret-of-at-least-32-bytes' }));
    await call('{ provinces { code } }', {}, await token({ role: 'auditor' }, { expiresInSec: -30 }));
    await call('{ provinces { code } }', {}, await token({ role: 'auditor' }, { issuer: 'evil' }));
    await call('{ provinces { code } }', {}, { authorization: 'Basic ZGVtbzpkZW1vLWFoLXBhc3N3b3Jk' });
    await call('{ warnings(first: 9999) { totalCount } }');
    await call('{ nope }');
    await call('{ divisionsAt(point: { lng: 999, lat: 0 }) { adcode } }');
    await call('{ hazmatEnterprise(creditCode: "91310000MA1FL0000X") { name } }');
    await call('{ warnings(after: "Zm9v") { totalCount } }');
    // The legacy systems failing in every way they can.
    for (const p of PROVINCE_CODES) fed.sims[p].faults.set({ down: true });
    await call('{ rescueBases(first: 2, filter: { updatedSince: "2026-07-12T00:00:00+08:00" }) { totalCount } waybill(id: "JS:Waybill:nope") { id } }', {}, all);
    for (const p of PROVINCE_CODES) fed.sims[p].faults.set({ down: false, errorRate: 1 });
    await call('{ vehicle(plate: "皖A12345") { track(from: "2026-07-01T00:00:00+08:00", to: "2026-07-12T00:00:00+08:00") { at } } }', {}, all);
    for (const p of PROVINCE_CODES) fed.sims[p].faults.set({ errorRate: 0, malformedRate: 1 });
    await call('{ vehicle(plate: "苏A12345") { track(from: "2026-07-01T00:00:00+08:00", to: "2026-07-12T00:00:00+08:00") { at } } }', {}, all);
    for (const p of PROVINCE_CODES) fed.sims[p].faults.set({ malformedRate: 0, latencyMs: 3000 });
    await call('{ vehicle(plate: "浙A12345") { track(from: "2026-07-01T00:00:00+08:00", to: "2026-07-12T00:00:00+08:00") { at } } }', {}, all);
    for (const p of PROVINCE_CODES) fed.sims[p].faults.reset();

    // The systems' secrets (API key, app and client secrets, password); user names are not secret.
    const credentials = Object.values(loadSimulatorConfig({}).credentials).flatMap((c) =>
      Object.entries(c as unknown as Record<string, string>).filter(([k]) => /key|secret|password/i.test(k)).map(([, v]) => v),
    );
    const secrets = [TEST_JWT_SECRET, ...tokens, ...credentials];
    const addresses = [...Object.values(fed.provinceUrls), ...PROVINCE_CODES.map((p) => fed.sims[p].url)].filter(Boolean).map((u) => new URL(u).host);
    const stack = /\n\s+at |node_modules|\.ts:\d+/;
    const found: string[] = [];
    const scan = (where: string, text: string) => {
      for (const s of secrets) if (text.includes(s)) found.push(`${where} carries a secret: ${s.slice(0, 12)}…`);
      for (const a of addresses) if (text.includes(a)) found.push(`${where} carries an internal address ${a}`);
      if (stack.test(text)) found.push(`${where} carries a stack trace: ${text.slice(0, 200)}`);
    };
    responses.forEach((r, i) => scan(`answer ${i}`, r));
    lines.forEach((l, i) => scan(`log line ${i}`, l));
    expect(found).toEqual([]);
    expect(responses.length).toBe(18);
    expect(lines.length).toBeGreaterThanOrEqual(responses.length);
    expect(responses.some((r) => r.startsWith('401'))).toBe(true);
    expect(responses.some((r) => r.includes('PROVINCE_UNAVAILABLE') || r.includes('PROVINCE_TIMEOUT'))).toBe(true);
  }, 50_000);
});
