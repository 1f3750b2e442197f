import { Writable } from 'node:stream';
import { PROVINCE_CODES, type ProvinceCode, type WaybillRecord } from '../../schema/model';
import { hasTransportDetails } from '../../simulators/dataset/waybill-details';
import { quirkShare } from '../../simulators/jiangsu/render';
import { EMPTY_ELEMENTS_SHARE } from '../../simulators/jiangsu/render-transport';
import { hasQuirk } from '../../simulators/shanghai/quirks';
import { startFederation, type Federation } from '../support/federation';
import { expectedEnterpriseByCode, expectedSanctions, expectedWaybills } from '../support/oracle';
import { pullAll } from '../support/paging';
import { EVERY_ENTRY } from '../support/tokens';

/**
 * The waybill fields of contract v1.1 (issue 18) through the real gateway, every province, compared
 * with the oracle: records in the older forms too, each system's quirk, the consignor joined to its
 * enterprise and that enterprise's credit sanctions (issue 19), and a scan of every log line the
 * run wrote for the crew's certificates and phones.
 */

const COPY_AS_OF = Date.parse('2026-07-12T12:00:00+08:00');
const SELECTION =
  'id province consignor { name creditCode division { adcode } } trailerPlate tankNumber transportPermit crew { role name qualificationCertificate phone } emergencyPhone';

interface Party { name: string; creditCode: string | null; division: { adcode: string } | null }
interface Node {
  id: string;
  province: ProvinceCode;
  consignor: Party | null;
  trailerPlate: string | null;
  tankNumber: string | null;
  transportPermit: string | null;
  crew: WaybillRecord['crew'];
  emergencyPhone: string | null;
}

let fed: Federation;
const logLines: string[] = [];
const consoleSpies: jest.SpyInstance[] = [];

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    consoleSpies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logLines.push(args.map(String).join(' '))));
  }
  const logDestination = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) });
  fed = await startFederation({ caller: EVERY_ENTRY, logDestination, gatewayEnv: { LOG_LEVEL: 'debug' }, provinceLog: (line) => logLines.push(JSON.stringify(line)) });
}, 120_000);
afterAll(async () => {
  await fed?.close();
  for (const spy of consoleSpies) spy.mockRestore();
});

function expectedNode(w: WaybillRecord): Node {
  const c = w.consignor;
  return {
    id: w.id,
    province: w.province,
    consignor: c && { name: c.name, creditCode: c.creditCode, division: c.divisionCode === null ? null : { adcode: c.divisionCode } },
    trailerPlate: w.trailerPlate,
    tankNumber: w.tankNumber,
    transportPermit: w.transportPermit,
    crew: w.crew,
    emergencyPhone: w.emergencyPhone,
  };
}

const newer = (p: ProvinceCode): WaybillRecord[] => fed.dataset.waybills.filter((w) => w.province === p && hasTransportDetails(w));
const older = (p: ProvinceCode): WaybillRecord[] => fed.dataset.waybills.filter((w) => w.province === p && !hasTransportDetails(w));

describe('the waybill fields of contract v1.1 through the gateway', () => {
  it('every waybill of every province equals the oracle, records in the older forms included', async () => {
    const { nodes } = await pullAll<Node>(fed, 'waybills', SELECTION, { first: 97 });
    expect(nodes).toEqual(expectedWaybills(fed.dataset).map(expectedNode));
    for (const p of PROVINCE_CODES) {
      expect(nodes.filter((n) => n.province === p && n.crew === null && n.consignor === null).length).toBe(older(p).length);
      expect(older(p).length).toBeGreaterThan(0);
      expect(newer(p).length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('waybill(id) answers each province’s newer and older records like the oracle', async () => {
    for (const p of PROVINCE_CODES) {
      for (const w of [newer(p)[0], older(p)[0]]) {
        const answer = await fed.query<{ waybill: Node }>(`query($id: ID!) { waybill(id: $id) { ${SELECTION} } }`, { id: w.id });
        expect(answer.errors ?? []).toEqual([]);
        expect(answer.data?.waybill).toEqual(expectedNode(w));
      }
    }
  });

  it('the quirks are in the data the comparison covered: Shanghai’s trailer plates with and without the dot, Jiangsu’s absent and empty elements, Anhui’s packs of one and two members with empty fields', () => {
    const shTrailers = newer('SH').filter((w) => w.trailerPlate !== null);
    expect(shTrailers.some((w) => hasQuirk(w.sourceId, 'TRAILER_DOT'))).toBe(true);
    expect(shTrailers.some((w) => !hasQuirk(w.sourceId, 'TRAILER_DOT'))).toBe(true);
    const jsOlder = older('JS').map((w) => quirkShare('empty-v1.1-elements', w.sourceId) < EMPTY_ELEMENTS_SHARE);
    expect(jsOlder).toContain(true);
    expect(jsOlder).toContain(false);
    const ahCrews = newer('AH').map((w) => w.crew ?? []);
    expect(ahCrews.some((c) => c.length === 1)).toBe(true);
    expect(ahCrews.some((c) => c.length === 2)).toBe(true);
    expect(ahCrews.flat().some((m) => m.qualificationCertificate === null || m.phone === null)).toBe(true);
    expect(newer('JS').some((w) => w.crew?.length === 1)).toBe(true);
  });

  it('crew is null with one FORBIDDEN {entry: TRANSPORT_CREW} per record for a caller without it; the unconditional fields still answer', async () => {
    const answer = await fed.query<{ waybills: { edges: { node: { crew: unknown; emergencyPhone: string | null; trailerPlate: string | null } }[] } }>(
      '{ waybills(first: 12) { edges { node { crew { name } emergencyPhone trailerPlate } } } }',
      {},
      { authorization: `Bearer ${await fed.token({ role: 'app', catalog: ['HAZMAT_DETAIL', 'VEHICLE_TRACK'] })}` },
    );
    const edges = answer.data?.waybills.edges ?? [];
    expect(edges.length).toBe(12);
    for (const e of edges) expect(e.node.crew).toBeNull();
    expect(edges.some((e) => e.node.emergencyPhone !== null)).toBe(true);
    const refusals = (answer.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(refusals.map((e) => JSON.stringify(e.path)).sort()).toEqual(edges.map((_, i) => JSON.stringify(['waybills', 'edges', i, 'node', 'crew'])).sort());
    for (const e of refusals) expect(e.extensions).toEqual({ code: 'FORBIDDEN', entry: 'TRANSPORT_CREW' });
  });

  it('joins waybill → consignor → enterprise → sanctions across shards, as the oracle says (issue 19)', async () => {
    interface Joined { id: string; consignor: { creditCode: string | null; enterprise: { id: string; creditCode: string; sanctions: { id: string }[] } | null } | null }
    const { nodes } = await pullAll<Joined>(fed, 'waybills', 'id consignor { creditCode enterprise { id creditCode sanctions(includeRemoved: true) { id } } }', { first: 60 });
    const sanctions = expectedSanctions(fed.dataset, COPY_AS_OF);
    const joined = nodes.filter((n) => n.consignor !== null);
    expect(joined.length).toBe(PROVINCE_CODES.reduce((n, p) => n + newer(p).length, 0));
    for (const n of joined) {
      const code = n.consignor?.creditCode as string;
      expect(n.consignor?.enterprise?.id).toBe(expectedEnterpriseByCode(fed.dataset, code)?.id);
      expect(n.consignor?.enterprise?.sanctions.map((s) => s.id).sort()).toEqual(sanctions.filter((s) => s.creditCode === code).map((s) => s.id).sort());
    }
    const held = (id: string): ProvinceCode => id.slice(0, 2) as ProvinceCode;
    expect(joined.some((n) => held(n.id) !== held(n.consignor?.enterprise?.id ?? n.id))).toBe(true);
    expect(joined.filter((n) => (n.consignor?.enterprise?.sanctions.length ?? 0) > 0).length).toBeGreaterThan(0);
  }, 60_000);

  it('no log line of the run names a crew member’s certificate or phone', async () => {
    // Error paths too: the broken records asked by id, and the data-quality summary after a full sync of each province.
    for (const b of fed.dataset.bad.filter((x) => x.collection === 'waybills')) await fed.query(`{ waybill(id: "${b.record.id}") { id crew { name } } }`);
    await fed.query('{ warnings(first: 1) { totalCount } hazmatEnterprises(first: 1) { totalCount } rescueBases(first: 1) { totalCount } dataQuality { source collection reasons { reason count } } }');
    await fed.query('{ waybills(first: 3, filter: { anyPlate: "not a plate" }) { totalCount } }');
    const personal = [...fed.dataset.waybills, ...fed.dataset.bad.flatMap((b) => (b.collection === 'waybills' ? [b.record] : []))]
      .flatMap((w) => w.crew ?? [])
      .flatMap((m) => [m.qualificationCertificate, m.phone])
      .filter((v): v is string => v !== null);
    expect(personal.length).toBeGreaterThan(500);
    expect(logLines.filter((l) => l.includes('data quality after a full sync')).length).toBeGreaterThanOrEqual(4);
    expect(logLines.length).toBeGreaterThan(20);
    const text = logLines.join('\n');
    expect(personal.filter((v) => text.includes(v))).toEqual([]);
  }, 60_000);
});
