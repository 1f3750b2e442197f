import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { adapterFor as configuredAdapter } from '../../adapters';
import { JiangsuAdapter } from '../../adapters/jiangsu';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import { parseAnswer } from '../../adapters/jiangsu/envelope';
import { mapEnterprise, mapTrackPoint, mapWaybill } from '../../adapters/jiangsu/map-hazmat';
import { mapBase, mapMutualAidStatus } from '../../adapters/jiangsu/map-rescue';
import { mapWarning } from '../../adapters/jiangsu/map-warning';
import { Clock } from '../../adapters/kit/clock';
import { LegacyDataInvalidError, LegacyRejectedError, ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Collection, CollectionRecord } from '../../adapters/kit/province-adapter';
import type { GeoPoint, MutualAidRequestInput, ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset, type CanonicalDataset } from '../../simulators/dataset';
import { createJiangsuSimulator } from '../../simulators/jiangsu';

/**
 * The Jiangsu adapter against the jsyj simulator on an ephemeral port, record by record against the
 * canonical data set; and its mappers on the examples of legacy-apis/jiangsu.md.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const CREDENTIALS = { appId: 'test-js-app', appSecret: 'test-js-secret' };
const FAST = { retries: 0, timeoutMs: 3000, breaker: { consecutiveFailures: 1000 } };
const COLLECTIONS: Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

const mine = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'JS');

const metres = (a: GeoPoint, b: GeoPoint): number =>
  Math.hypot((a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);

/** A record with its location taken out and every number rounded to 6 decimals (toBeCloseTo for a whole record). */
function comparable(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'location').map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

function expectSameRecord(actual: { location?: GeoPoint | null }, expected: { location?: GeoPoint | null }): void {
  expect(comparable(actual)).toEqual(comparable(expected));
  if (expected.location === undefined) return;
  if (expected.location === null) expect(actual.location).toBeNull();
  else expect(metres(actual.location as GeoPoint, expected.location)).toBeLessThan(1);
}

interface Setup {
  dataset: CanonicalDataset;
  clock: SimClock;
  sim: SimServer;
  url: string;
}

async function start(scale = 1): Promise<Setup> {
  const dataset = loadDataset({ seed: 'test', now: NOW, scale });
  const clock = new SimClock(NOW);
  const sim = createJiangsuSimulator({ dataset, clock, credentials: CREDENTIALS });
  const url = await sim.listen(0);
  return { dataset, clock, sim, url };
}

const adapters: JiangsuAdapter[] = [];
function adapterFor(url: string, clock = Clock.startingAt(NOW), credentials = CREDENTIALS): JiangsuAdapter {
  const adapter = new JiangsuAdapter({ baseUrl: url, credentials, clock, http: FAST });
  adapters.push(adapter);
  return adapter;
}

let s: Setup;
let adapter: JiangsuAdapter;

beforeAll(async () => {
  s = await start();
  adapter = adapterFor(s.url);
});

afterAll(async () => {
  for (const a of adapters) a.close();
  await s.sim.close();
});

const callsTo = (sim: SimServer, operation: string): number => sim.calls.snapshot()[`GET /jsyj/services/${operation}`] ?? 0;

describe('pull: every canonical record of Jiangsu, field by field', () => {
  it.each(COLLECTIONS)('%s: good records equal the data set, defective ones reported as LEGACY_DATA_INVALID', async (collection) => {
    const result = await adapter.pull(collection, null);
    const expected = mine(s.dataset[collection] as CollectionRecord[typeof collection][]);
    const got = new Map(result.records.map((r) => [r.sourceId, r]));
    expect([...got.keys()].sort()).toEqual(expected.map((r) => r.sourceId).sort());
    for (const want of expected) expectSameRecord(got.get(want.sourceId) as never, want as never);

    const bad = mine(s.dataset.bad).filter((b) => b.collection === collection);
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual(bad.map((b) => b.record.sourceId).sort());
    for (const issue of result.invalid) {
      expect(issue).toMatchObject({ code: 'LEGACY_DATA_INVALID', province: 'JS' });
      expect(issue.reason.length).toBeGreaterThan(0);
    }
  });

  it('reads a collection of fewer than 200 rows in one call', async () => {
    s.sim.calls.reset();
    await adapter.pull('enterprises', null);
    expect(s.sim.calls.snapshot()).toEqual({ 'GET /jsyj/services/HazardService/enterpriseList': 1 });
  });

  it('keeps a city code in AREA_CODES as the city (the whole city)', async () => {
    const cityWide = mine(s.dataset.warnings).filter((w) => w.areaCodes.some((c) => /^32\d{2}00$/.test(c)));
    expect(cityWide.length).toBeGreaterThan(0);
    const { records } = await adapter.get('warnings', cityWide.map((w) => w.sourceId));
    expect(records.map((r) => r.areaCodes)).toEqual(cityWide.map((w) => w.areaCodes));
  });

  it('turns the 0.000000 of a site never geocoded into a null location', async () => {
    const ungeocoded = mine(s.dataset.enterprises).filter((e) => e.location === null).map((e) => e.sourceId);
    const path = '/jsyj/services/HazardService/enterpriseGet';
    const timestamp = String(Math.floor(s.clock.now().getTime() / 1000));
    const sign = createHmac('sha256', CREDENTIALS.appSecret).update(`${CREDENTIALS.appId}\n${timestamp}\n${path}`).digest('hex');
    const raw = await (await fetch(`${s.url}${path}?ids=${ungeocoded.join(',')}`, { headers: { 'X-App-Id': CREDENTIALS.appId, 'X-Timestamp': timestamp, 'X-Sign': sign } })).text();
    const zeroIds = [...raw.matchAll(/<QY_ID>(\w+)<\/QY_ID>(?:(?!<\/Row>).)*<LNG>0\.000000<\/LNG><LAT>0\.000000<\/LAT>/g)].map((m) => m[1]);
    expect(zeroIds.length).toBeGreaterThan(0);
    const { records, invalid } = await adapter.get('enterprises', zeroIds);
    expect(invalid).toEqual([]);
    expect(records.map((r) => [r.sourceId, r.location])).toEqual(zeroIds.map((id) => [id, null]));
  });
});

describe('pull since', () => {
  it('returns exactly the records updated at or after `since`, defective ones included as issues', async () => {
    const waybills = mine(s.dataset.waybills);
    const times = waybills.map((w) => w.updatedAt).sort();
    const cut = times[Math.floor(times.length * 0.7)];
    const result = await adapter.pull('waybills', new Date(cut));
    const want = waybills.filter((w) => Date.parse(w.updatedAt) >= Date.parse(cut));
    expect(result.records.map((r) => r.sourceId).sort()).toEqual(want.map((w) => w.sourceId).sort());
    for (const r of result.records) expect(Date.parse(r.updatedAt)).toBeGreaterThanOrEqual(Date.parse(cut));
    const badSince = mine(s.dataset.bad).filter((b) => b.collection === 'waybills' && Date.parse(b.record.updatedAt) >= Date.parse(cut));
    expect(result.invalid.map((i) => i.sourceId).sort()).toEqual(badSince.map((b) => b.record.sourceId).sort());
  });

  it('treats a `since` inside a second as the next whole second (records carry whole seconds)', async () => {
    const w = mine(s.dataset.warnings).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[10];
    const exact = await adapter.pull('warnings', new Date(w.updatedAt));
    const later = await adapter.pull('warnings', new Date(Date.parse(w.updatedAt) + 1));
    expect(exact.records.map((r) => r.sourceId)).toContain(w.sourceId);
    expect(later.records.map((r) => r.sourceId)).not.toContain(w.sourceId);
  });
});

describe('paging through more than one page', () => {
  let big: Setup;
  beforeAll(async () => {
    big = await start(3);
  });
  afterAll(async () => {
    await big.sim.close();
  });

  it('pages at 200 rows to the end in the fewest calls', async () => {
    const total = mine(big.dataset.waybills).length + mine(big.dataset.bad).filter((b) => b.collection === 'waybills').length;
    expect(total).toBeGreaterThan(200);
    big.sim.calls.reset();
    const result = await adapterFor(big.url).pull('waybills', null);
    expect(result.records.length + result.invalid.length).toBe(total);
    expect(callsTo(big.sim, 'TransportService/waybillList')).toBe(Math.ceil(total / 200));
  });

  it('misses nothing when a record of the first page changes before the second is read', async () => {
    const touched = mine(big.dataset.waybills).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.sourceId.localeCompare(b.sourceId))[0];
    let pages = 0;
    // A proxy that changes a record in the system right after it has served the first page.
    const proxy = http.createServer((req, res) => {
      void (async () => {
        const signature = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-'))) as Record<string, string>;
        const upstream = await fetch(`${big.url}${req.url ?? '/'}`, { headers: signature });
        const body = Buffer.from(await upstream.arrayBuffer());
        if (req.url?.includes('waybillList') && ++pages === 1) {
          big.clock.advance(60_000);
          await fetch(`${big.url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: touched.sourceId }) });
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/xml' }).end(body);
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const viaProxy = adapterFor(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, Clock.startingAt(big.clock.now()));
      const result = await viaProxy.pull('waybills', null);
      const ids = result.records.map((r) => r.sourceId);
      expect(ids.sort()).toEqual(mine(big.dataset.waybills).map((w) => w.sourceId).sort());
      expect(new Set(ids).size).toBe(ids.length);
      const changed = result.records.find((r) => r.sourceId === touched.sourceId);
      expect(Date.parse(changed?.updatedAt ?? '')).toBeGreaterThan(Date.parse(touched.updatedAt));
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});

describe('get: batch reads at the minimum number of calls', () => {
  it('reads 120 waybills in ceil(n / 50) calls, equal to the data set, unknown ids left out', async () => {
    const waybills = mine(s.dataset.waybills);
    s.sim.calls.reset();
    const result = await adapter.get('waybills', [...waybills.map((w) => w.sourceId), 'YD320000209901010001', waybills[0].sourceId]);
    expect(callsTo(s.sim, 'TransportService/waybillGet')).toBe(Math.ceil((waybills.length + 1) / 50));
    expect(s.sim.calls.total()).toBe(Math.ceil((waybills.length + 1) / 50));
    const got = new Map(result.records.map((r) => [r.sourceId, r]));
    expect(got.size).toBe(waybills.length);
    for (const w of waybills) expectSameRecord(got.get(w.sourceId) as never, w as never);
  });

  it('reads 50 ids in one call, and no ids in none', async () => {
    const ids = mine(s.dataset.enterprises).slice(0, 50).map((e) => e.sourceId);
    s.sim.calls.reset();
    expect((await adapter.get('enterprises', ids)).records).toHaveLength(50);
    expect((await adapter.get('bases', [])).records).toEqual([]);
    expect(s.sim.calls.total()).toBe(1);
  });

  it('reports a defective record read by id as LEGACY_DATA_INVALID', async () => {
    const bad = mine(s.dataset.bad).find((b) => b.collection === 'bases');
    expect(bad).toBeDefined();
    const result = await adapter.get('bases', [bad?.record.sourceId as string, mine(s.dataset.bases)[0].sourceId]);
    expect(result.records.map((r) => r.sourceId)).toEqual([mine(s.dataset.bases)[0].sourceId]);
    expect(result.invalid).toEqual([expect.objectContaining({ code: 'LEGACY_DATA_INVALID', province: 'JS', sourceId: bad?.record.sourceId })]);
  });
});

describe('track', () => {
  it("equals the data set's Jiangsu points of a plate in [from, to]", async () => {
    const points = mine(s.dataset.trackPoints);
    const plate = points[points.length - 1].plate;
    const ofPlate = points.filter((p) => p.plate === plate);
    const from = new Date(ofPlate[0].at);
    const to = new Date(ofPlate[ofPlate.length - 1].at);
    s.sim.calls.reset();
    const result = await adapter.track(plate, from, to);
    expect(s.sim.calls.total()).toBe(1);
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(ofPlate.length);
    result.records.forEach((r, i) => expectSameRecord(r, ofPlate[i]));
  });

  it('is empty for a vehicle the system never saw', async () => {
    expect(await adapter.track('鲁Z99999', new Date('2026-06-01T00:00:00Z'), NOW)).toEqual({ records: [], invalid: [] });
  });
});

describe('mutual aid', () => {
  const base = (): (typeof s.dataset.bases)[number] => mine(s.dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof s.dataset.bases)[number];
  const input = (clientRequestId: string, over: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId,
    baseId: base().id,
    fromProvince: 'SH',
    incident: { title: '金山化工区储罐泄漏', location: { lng: 121.33, lat: 30.72 }, occurredAt: '2026-07-12T11:20:00+08:00' },
    teamIds: [base().teams[0].id],
    materials: [{ code: base().materials[0].code, quantity: 1 }],
    contact: '李工 13900000000',
    ...over,
  });
  const held = async (): Promise<{ sqId: string; reqNo: string; incident: { location: GeoPoint; occurredAt: string } | null }[]> =>
    (await (await fetch(`${s.url}/__sim/mutual-aid`)).json()) as never;

  it('submits a request and reads its status back', async () => {
    const record = await adapter.submitMutualAid(input('adapter-submit-1'));
    expect(record).toMatchObject({ province: 'JS', clientRequestId: 'adapter-submit-1', baseId: base().id, fromProvince: 'SH', status: 'SUBMITTED' });
    expect(record.id).toBe(`JS:MutualAidRequest:${record.sourceId}`);
    expect(await adapter.getMutualAid(record.sourceId)).toEqual({ id: record.id, province: 'JS', sourceId: record.sourceId, status: 'SUBMITTED', updatedAt: record.updatedAt });
    const stored = (await held()).find((h) => h.sqId === record.sourceId);
    expect(stored?.reqNo).toBe('adapter-submit-1');
    expect(metres(stored?.incident?.location as GeoPoint, { lng: 121.33, lat: 30.72 })).toBeLessThan(1);
    expect(stored?.incident?.occurredAt).toBe('2026-07-12T11:20:00+08:00');
  });

  it('a repeated clientRequestId (code 2001) returns the first request and creates none', async () => {
    const first = await adapter.submitMutualAid(input('adapter-repeat-1'));
    const count = (await held()).length;
    s.sim.calls.reset();
    const again = await adapter.submitMutualAid(input('adapter-repeat-1'));
    expect(again).toEqual(first);
    expect((await held()).length).toBe(count);
    expect(s.sim.calls.snapshot()['POST /jsyj/services/RescueService/requestSubmit']).toBe(1);
  });

  it('reads the status of a request from before the data set', async () => {
    const earlier = mine(s.dataset.mutualAidRequests)[0];
    expect(await adapter.getMutualAid(earlier.sourceId)).toEqual({ id: earlier.id, province: 'JS', sourceId: earlier.sourceId, status: earlier.status, updatedAt: earlier.updatedAt });
    expect(await adapter.getMutualAid('JSSQ2099010100001')).toBeNull();
  });

  it('a write refused for bad input (3001) is a LegacyRejectedError, and never sent twice', async () => {
    s.sim.calls.reset();
    await expect(adapter.submitMutualAid(input('adapter-bad-1', { materials: [{ code: base().materials[0].code, quantity: base().materials[0].quantity + 1 }] }))).rejects.toBeInstanceOf(LegacyRejectedError);
    await expect(adapter.submitMutualAid(input('adapter-bad-2', { baseId: 'JS:RescueBase:JSB9999' }))).rejects.toMatchObject({ code: 'LEGACY_REJECTED', legacyCode: '3001' });
    await expect(adapter.submitMutualAid(input('adapter-bad-3', { teamIds: ['JS:RescueTeam:JST9999'] }))).rejects.toBeInstanceOf(LegacyRejectedError);
    expect(s.sim.calls.snapshot()['POST /jsyj/services/RescueService/requestSubmit']).toBe(3);
  });

  it('a write that meets a server error is not retried', async () => {
    const retrying = new JiangsuAdapter({ baseUrl: s.url, credentials: CREDENTIALS, clock: Clock.startingAt(NOW), http: { retries: 3, backoff: { initialMs: 1, maxMs: 2 } } });
    adapters.push(retrying);
    await fetch(`${s.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 1, paths: ['/jsyj/services/RescueService/requestSubmit'] }) });
    s.sim.calls.reset();
    try {
      await expect(retrying.submitMutualAid(input('adapter-5xx-1'))).rejects.toBeInstanceOf(ProvinceUnavailableError);
      expect(s.sim.calls.total()).toBe(1);
    } finally {
      await fetch(`${s.url}/__sim/faults/reset`, { method: 'POST' });
    }
  });
});

describe('signature and availability', () => {
  it('a clock skewed beyond 300 s is refused by the system: ProvinceUnavailableError', async () => {
    const skewed = adapterFor(s.url, Clock.startingAt(new Date(NOW.getTime() + 10 * 60_000)));
    await expect(skewed.pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    const behind = adapterFor(s.url, Clock.startingAt(new Date(NOW.getTime() - 10 * 60_000)));
    await expect(behind.get('bases', ['JSB0001'])).rejects.toMatchObject({ code: 'PROVINCE_UNAVAILABLE', province: 'JS' });
  });

  it('a correct clock, and one a little off, are accepted', async () => {
    const slightly = adapterFor(s.url, Clock.startingAt(new Date(NOW.getTime() + 60_000)));
    expect((await slightly.pull('bases', null)).records.length).toBe(mine(s.dataset.bases).length);
  });

  it('a wrong secret is refused: ProvinceUnavailableError', async () => {
    const wrong = adapterFor(s.url, Clock.startingAt(NOW), { ...CREDENTIALS, appSecret: 'nope' });
    await expect(wrong.pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  describe('faults', () => {
    afterEach(async () => {
      await fetch(`${s.url}/__sim/faults/reset`, { method: 'POST' });
    });
    it.each([
      ['a 5xx', { errorRate: 1 }],
      ['a malformed body', { malformedRate: 1 }],
      ['a dropped connection', { down: true }],
    ])('%s is ProvinceUnavailableError', async (_what, faults) => {
      await fetch(`${s.url}/__sim/faults`, { method: 'POST', body: JSON.stringify(faults) });
      await expect(adapter.pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    });
  });

  it('reads its address and credentials from LEGACY_JS_*', async () => {
    const fromEnv = configuredAdapter('JS', loadLegacySystems({ LEGACY_JS_URL: s.url, LEGACY_JS_APP_ID: CREDENTIALS.appId, LEGACY_JS_APP_SECRET: CREDENTIALS.appSecret }), Clock.startingAt(NOW), FAST) as JiangsuAdapter;
    adapters.push(fromEnv);
    expect(fromEnv).toMatchObject({ province: 'JS', system: 'JS jsyj' });
    expect((await fromEnv.get('bases', [mine(s.dataset.bases)[0].sourceId])).records).toHaveLength(1);
  });
});

describe('mapping the examples of legacy-apis/jiangsu.md', () => {
  const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const withCheck = (first17: string): string => {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * (3 ** i % 31);
    return first17 + ALPHABET[(31 - (sum % 31)) % 31];
  };
  const CREDIT = withCheck('91320117MA1N2P3Q4');
  const rowOf = (xml: string) => parseAnswer(Buffer.from(`<Response><Code>0</Code><Message>成功</Message><Total>1</Total><Data>${xml}</Data></Response>`), 'test').rows[0];

  it('a warning row', () => {
    const row = rowOf(
      '<Row><WARN_ID>JSW2026071200045</WARN_ID><WARN_TYPE>01</WARN_TYPE><WARN_LEVEL>II</WARN_LEVEL><TITLE>苏州市台风橙色预警</TITLE><CONTENT>预计…</CONTENT>' +
        '<DEFENSE_GUIDE>停止户外作业</DEFENSE_GUIDE><ISSUE_ORG>苏州市气象台</ISSUE_ORG><ISSUE_TIME>20260712083000</ISSUE_TIME><START_TIME>20260712090000</START_TIME>' +
        '<END_TIME>20260713090000</END_TIME><AREA_CODES>320505,320509</AREA_CODES><MSG_TYPE>1</MSG_TYPE><REF_WARN_ID/><UPDATE_TIME>20260712083102</UPDATE_TIME></Row>',
    );
    expect(mapWarning(row)).toEqual({
      id: 'JS:Warning:JSW2026071200045',
      province: 'JS',
      sourceId: 'JSW2026071200045',
      event: 'TYPHOON',
      level: 'ORANGE',
      messageType: 'ALERT',
      supersedesId: null,
      headline: '苏州市台风橙色预警',
      description: '预计…',
      instruction: '停止户外作业',
      issuer: '苏州市气象台',
      issuedAt: '2026-07-12T08:30:00+08:00',
      effectiveAt: '2026-07-12T09:00:00+08:00',
      expiresAt: '2026-07-13T09:00:00+08:00',
      areaCodes: ['320505', '320509'],
      updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('an update names the warning it replaces; an unknown WARN_TYPE or an impossible time is LEGACY_DATA_INVALID', () => {
    const xml = (type: string, msg: string, ref: string, issued = '20260712083000') =>
      `<Row><WARN_ID>JSW2026071200046</WARN_ID><WARN_TYPE>${type}</WARN_TYPE><WARN_LEVEL>I</WARN_LEVEL><TITLE>t</TITLE><CONTENT>c</CONTENT><DEFENSE_GUIDE/>` +
      `<ISSUE_ORG>o</ISSUE_ORG><ISSUE_TIME>${issued}</ISSUE_TIME><START_TIME>20260712090000</START_TIME><END_TIME/><AREA_CODES>320500</AREA_CODES>` +
      `<MSG_TYPE>${msg}</MSG_TYPE>${ref}<UPDATE_TIME>20260712083102</UPDATE_TIME></Row>`;
    expect(mapWarning(rowOf(xml('15', '2', '<REF_WARN_ID>JSW2026071200045</REF_WARN_ID>')))).toMatchObject({
      event: 'HAZMAT_INCIDENT', level: 'RED', messageType: 'UPDATE', supersedesId: 'JS:Warning:JSW2026071200045', instruction: null, expiresAt: null, areaCodes: ['320500'],
    });
    expect(() => mapWarning(rowOf(xml('99', '1', '<REF_WARN_ID/>')))).toThrow(LegacyDataInvalidError);
    expect(() => mapWarning(rowOf(xml('01', '3', '<REF_WARN_ID/>')))).toThrow(/REF_WARN_ID/);
    expect(() => mapWarning(rowOf(xml('01', '1', '<REF_WARN_ID/>', '20260712246000')))).toThrow(/ISSUE_TIME/);
  });

  it('an enterprise row: GCJ-02 to WGS-84, grade, chemicals in tonnes', () => {
    const row = rowOf(
      `<Row><QY_ID>JSE00031</QY_ID><QY_MC>南京某化工有限公司</QY_MC><TYSHXYDM>${CREDIT}</TYSHXYDM><XZQH_DM>320117</XZQH_DM><LNG>118.812345</LNG><LAT>32.214567</LAT>` +
        '<ZDWXY_DJ>1</ZDWXY_DJ><CHEMICALS><CHEMICAL><UN_NO>1017</UN_NO><HXP_MC>氯</HXP_MC><WXX_LB>2.3</WXX_LB><CL>20.000</CL></CHEMICAL></CHEMICALS>' +
        '<LXDH>025-52345678</LXDH><UPDATE_TIME>20260712083102</UPDATE_TIME></Row>',
    );
    const e = mapEnterprise(row);
    expect(e).toMatchObject({
      id: 'JS:HazmatEnterprise:JSE00031', creditCode: CREDIT, divisionCode: '320117', majorHazardGrade: 'GRADE_1',
      chemicals: [{ unNumber: '1017', name: '氯', hazardClass: 'CLASS_2_3', tonnes: 20 }], contactPhone: '025-52345678',
    });
    // GCJ-02 lies a few hundred metres east-north-east of WGS-84 around Nanjing.
    const m = metres(e.location as GeoPoint, { lng: 118.812345, lat: 32.214567 });
    expect(m).toBeGreaterThan(300);
    expect(m).toBeLessThan(800);
    expect((e.location as GeoPoint).lng).toBeLessThan(118.812345);
    expect(mapEnterprise(rowOf(xmlWith(row, { ZDWXY_DJ: '', LNG: '0.000000', LAT: '0.000000' })))).toMatchObject({ majorHazardGrade: null, location: null });
    expect(() => mapEnterprise(rowOf(xmlWith(row, { TYSHXYDM: CREDIT.slice(0, 17) + (CREDIT[17] === '0' ? '1' : '0') })))).toThrow(/check character/);
  });

  it('a waybill row: plate, parties, goods in kilograms, status', () => {
    const row = rowOf(
      `<Row><YD_BH>YD320000202607120017</YD_BH><CPH>苏A12345</CPH><CYR_TYSHXYDM>${CREDIT}</CYR_TYSHXYDM><QYD_MC>南京某化工有限公司</QYD_MC>` +
        `<QYD_TYSHXYDM>${CREDIT}</QYD_TYSHXYDM><QYD_XZQH>320117</QYD_XZQH><MDD_MC>上海某加油站</MDD_MC><MDD_TYSHXYDM/><MDD_XZQH>310116</MDD_XZQH>` +
        '<HWS><HW><UN_NO>1203</UN_NO><MC>汽油</MC><LB>3</LB><BZLB>II</BZLB><ZL_KG>28000</ZL_KG></HW></HWS><FCSJ>20260712070000</FCSJ><ZT>1</ZT>' +
        '<UPDATE_TIME>20260712070500</UPDATE_TIME></Row>',
    );
    expect(mapWaybill(row)).toEqual({
      id: 'JS:Waybill:YD320000202607120017',
      province: 'JS',
      sourceId: 'YD320000202607120017',
      number: 'YD320000202607120017',
      status: 'IN_TRANSIT',
      plate: '苏A12345',
      carrierCreditCode: CREDIT,
      origin: { name: '南京某化工有限公司', creditCode: CREDIT, divisionCode: '320117' },
      destination: { name: '上海某加油站', creditCode: null, divisionCode: '310116' },
      goods: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', packingGroup: 'II', kilograms: 28000 }],
      departedAt: '2026-07-12T07:00:00+08:00',
      updatedAt: '2026-07-12T07:05:00+08:00',
    });
    expect(mapWaybill(rowOf(xmlWith(row, { ZT: '9', FCSJ: '' })))).toMatchObject({ status: 'CANCELLED', departedAt: null });
  });

  it('a base row: level, capabilities, teams with global ids, materials, duty', () => {
    const row = rowOf(
      `<Row><JD_ID>JSB0012</JD_ID><JD_MC>国家危险化学品应急救援南京基地</JD_MC><JB>国家级</JB><TYSHXYDM/><XZQH_DM>320116</XZQH_DM><LNG/><LAT/><NL>WHP,SY</NL>` +
        '<DWS><DW><DW_ID>JST0101</DW_ID><DW_MC>危化品救援一队</DW_MC><RS>96</RS><ZY>WHP</ZY></DW></DWS>' +
        '<WZS><WZ><WZ_BM>FH-001</WZ_BM><WZ_MC>防化服</WZ_MC><SL>200</SL><JLDW>套</JLDW></WZ></WZS><ZB_ZT>1</ZB_ZT><LXDH>025-12345678</LXDH><UPDATE_TIME>20260712083102</UPDATE_TIME></Row>',
    );
    expect(mapBase(row)).toEqual({
      id: 'JS:RescueBase:JSB0012',
      province: 'JS',
      sourceId: 'JSB0012',
      name: '国家危险化学品应急救援南京基地',
      level: 'NATIONAL',
      creditCode: null,
      divisionCode: '320116',
      location: null,
      capabilities: ['HAZMAT', 'WATER'],
      teams: [{ id: 'JS:RescueTeam:JST0101', sourceId: 'JST0101', name: '危化品救援一队', members: 96, specialty: 'HAZMAT' }],
      materials: [{ code: 'FH-001', name: '防化服', quantity: 200, unit: '套' }],
      onDuty: true,
      dutyPhone: '025-12345678',
      updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('a track row and a request status row', () => {
    const point = mapTrackPoint(rowOf('<Row><CPH>苏A12345</CPH><LNG>118.812345</LNG><LAT>32.214567</LAT><GPS_TIME>20260712083000</GPS_TIME><SPEED/></Row>'));
    expect(point).toMatchObject({ plate: '苏A12345', at: '2026-07-12T08:30:00+08:00', speedKmh: null, province: 'JS' });
    expect(() => mapTrackPoint(rowOf('<Row><CPH>苏A12345</CPH><LNG>0.000000</LNG><LAT>0.000000</LAT><GPS_TIME>20260712083000</GPS_TIME><SPEED>40</SPEED></Row>'))).toThrow(LegacyDataInvalidError);
    expect(mapMutualAidStatus(rowOf('<Row><SQ_ID>JSSQ2026071200001</SQ_ID><ZT>SUBMITTED</ZT><UPDATE_TIME>20260712113000</UPDATE_TIME></Row>'))).toEqual({
      id: 'JS:MutualAidRequest:JSSQ2026071200001', province: 'JS', sourceId: 'JSSQ2026071200001', status: 'SUBMITTED', updatedAt: '2026-07-12T11:30:00+08:00',
    });
  });

  it('an answer that is not the envelope is ProvinceUnavailableError', () => {
    expect(() => parseAnswer(Buffer.from('<Response><Code>0</Code><Data><Row><WARN_ID>JSW'), 'test')).toThrow(ProvinceUnavailableError);
    expect(() => parseAnswer(Buffer.from('<html><body>502 Bad Gateway</body></html>'), 'test')).toThrow(ProvinceUnavailableError);
    expect(parseAnswer(Buffer.from('<Response><Code>401</Code><Message>签名错误</Message><Total>0</Total><Data/></Response>'), 'test')).toEqual({ code: '401', message: '签名错误', total: 0, rows: [] });
  });
});

/** The row's XML again with some elements' text replaced (an empty string writes an empty element). */
function xmlWith(row: Record<string, unknown>, replace: Record<string, string>): string {
  const write = (name: string, value: unknown): string => {
    if (typeof value === 'string') return value === '' ? `<${name}/>` : `<${name}>${value}</${name}>`;
    if (Array.isArray(value)) return value.map((v) => write(name, v)).join('');
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => write(k, v)).join('')}</${name}>`;
  };
  return `<Row>${Object.entries(row).map(([k, v]) => write(k, k in replace ? replace[k] : v)).join('')}</Row>`;
}
