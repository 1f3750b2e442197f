import type { GeoPoint } from '../../../schema/model';
import { call, clock, control, dataset, fromBeijing14, metres, mine, setUp, submit, tearDown, toGcj } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('mutual-aid write endpoint', () => {
  const base = (): (typeof dataset.bases)[number] => mine(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const incident = { lng: 120.6, lat: 31.3 };
  const body = (reqNo: string, over: { base?: string; team?: string; material?: string; quantity?: number } = {}): string => {
    const b = base();
    const [lng, lat] = toGcj(incident);
    return (
      `<Request><REQ_NO>${reqNo}</REQ_NO><JD_ID>${over.base ?? b.sourceId}</JD_ID><FROM_PROVINCE>ZJ</FROM_PROVINCE>` +
      `<INCIDENT><TITLE>危化品泄漏 &amp; 火情</TITLE><LNG>${lng.toFixed(6)}</LNG><LAT>${lat.toFixed(6)}</LAT><OCCUR_TIME>20260712113000</OCCUR_TIME></INCIDENT>` +
      `<DWS><DW_ID>${over.team ?? b.teams[0].sourceId}</DW_ID></DWS>` +
      `<WZS><WZ><WZ_BM>${over.material ?? b.materials[0].code}</WZ_BM><SL>${over.quantity ?? 1}</SL></WZ></WZS><LXR>王工 13800000000</LXR></Request>`
    );
  };

  it('creates a request: SQ_ID and ZT SUBMITTED; requestGet answers SQ_ID, ZT, UPDATE_TIME', async () => {
    const a = await submit(body('req-create-1'));
    expect(a.code).toBe('0');
    expect(a.rows).toHaveLength(1);
    expect(String(a.rows[0].SQ_ID)).toMatch(/^JSSQ\d{13}$/);
    expect(a.rows[0].ZT).toBe('SUBMITTED');
    const g = await call('RescueService/requestGet', { sqId: String(a.rows[0].SQ_ID) });
    expect(g.rows).toEqual([{ SQ_ID: a.rows[0].SQ_ID, ZT: 'SUBMITTED', UPDATE_TIME: expect.stringMatching(/^\d{14}$/) }]);
    expect(Math.abs(fromBeijing14(String(g.rows[0].UPDATE_TIME)) - clock.now().getTime())).toBeLessThan(5_000);
  });

  it('a REQ_NO used before answers code 2001 with the first SQ_ID and creates nothing', async () => {
    const first = await submit(body('req-dup-1'));
    const before = ((await control('/__sim/mutual-aid')) as unknown[]).length;
    const again = await submit(body('req-dup-1', { quantity: 2 }));
    expect(again.code).toBe('2001');
    expect(again.rows[0].SQ_ID).toBe(first.rows[0].SQ_ID);
    expect(((await control('/__sim/mutual-aid')) as unknown[]).length).toBe(before);
  });

  it('refuses an unknown base, team or material and a quantity above the stock with code 3001, storing nothing', async () => {
    const b = base();
    const before = ((await control('/__sim/mutual-aid')) as unknown[]).length;
    for (const over of [{ base: 'JSB9999' }, { team: 'JST9999' }, { material: 'NOPE-01' }, { quantity: b.materials[0].quantity + 1 }]) {
      const a = await submit(body(`req-bad-${JSON.stringify(over)}`, over));
      expect(a).toMatchObject({ status: 200, code: '3001' });
    }
    expect(((await control('/__sim/mutual-aid')) as unknown[]).length).toBe(before);
    expect((await submit(body('req-bad-exactly-stock', { quantity: b.materials[0].quantity }))).code).toBe('0');
  });

  it('a refused REQ_NO is not used up', async () => {
    expect((await submit(body('req-retry', { base: 'JSB9999' }))).code).toBe('3001');
    expect((await submit(body('req-retry'))).code).toBe('0');
  });

  it('answers bad XML and a body without REQ_NO in its own format (3001)', async () => {
    expect(await submit('<Request><REQ_NO>x</Request')).toMatchObject({ status: 200, code: '3001' });
    expect(await submit('not xml at all')).toMatchObject({ status: 200, code: '3001' });
    expect(await submit('<Request><JD_ID>JSB0001</JD_ID></Request>')).toMatchObject({ status: 200, code: '3001' });
  });

  it('stores the incident converted from GCJ-02 to WGS-84, with the REQ_NO, listed at /__sim/mutual-aid', async () => {
    const a = await submit(body('req-listed'));
    const listed = (await control('/__sim/mutual-aid')) as { sqId: string; reqNo: string; baseId: string; fromProvince: string; incident: { title: string; location: GeoPoint }; teamIds: string[]; contact: string }[];
    const entry = listed.find((e) => e.sqId === a.rows[0].SQ_ID);
    expect(entry).toMatchObject({ reqNo: 'req-listed', baseId: base().sourceId, fromProvince: 'ZJ', teamIds: [base().teams[0].sourceId], contact: '王工 13800000000' });
    expect(entry?.incident.title).toBe('危化品泄漏 & 火情');
    expect(metres(entry?.incident.location as GeoPoint, incident)).toBeLessThan(1);
    const earlier = mine(dataset.mutualAidRequests)[0];
    expect(listed.find((e) => e.sqId === earlier.sourceId)).toMatchObject({ reqNo: earlier.clientRequestId, status: earlier.status });
  });

  it('requestGet of an unknown SQ_ID is code 404; without sqId 3001', async () => {
    expect((await call('RescueService/requestGet', { sqId: 'JSSQ000' })).code).toBe('404');
    expect((await call('RescueService/requestGet')).code).toBe('3001');
  });
});
