import type { GeoPoint } from '../../../schema/model';
import { admin, afterEachTest, ah, all, type Answer, API, call, dataset, login, send, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('mutual-aid requests (no idempotency)', () => {
  const target = ah(dataset.bases).find((b) => b.teams.length > 1 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const form = (over: Record<string, string> = {}): Record<string, string> => ({
    jdbh: target.sourceId,
    qqsf: 'JS',
    sjbt: '南京化工园区危化品泄漏（堃）',
    jd: '117.2273800',
    wd: '31.8200300',
    fssj: '2026-07-12 11:30:00',
    dwbh: target.teams.map((t) => t.sourceId).join(','),
    wz: `${target.materials[0].code}:1`,
    lxr: '张喆 13800000000',
    bz: 'crid:0f6f0d8e-0000-4000-a000-000000000001',
    ...over,
  });
  const add = async (fields: Record<string, string>): Promise<Answer> => {
    const token = await login();
    return send('POST', `${API}/jydw/zyqq/add`, { token }, fields);
  };

  it('creates a request on every accepted POST, even a repeat, and lists them with their remark', async () => {
    const first = await add(form());
    const again = await add(form());
    expect(first.body).toMatchObject({ code: 0, data: { qqbh: expect.stringMatching(/^AHQQ\d{6}$/) } });
    const q1 = (first.body.data as { qqbh: string }).qqbh;
    const q2 = (again.body.data as { qqbh: string }).qqbh;
    expect(q2).not.toBe(q1);

    const listed = (await all('/jydw/zyqq/list', { jdbh: target.sourceId })).rows;
    expect(listed.filter((r) => r.BZ === 'crid:0f6f0d8e-0000-4000-a000-000000000001').map((r) => r.QQBH)).toEqual([q1, q2]);

    const detail = await call('/jydw/zyqq/detail', { qqbh: q1 });
    expect(detail.body.data).toEqual({ QQBH: q1, ZT: '已提交', GXSJ: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
    expect((await call('/jydw/zyqq/detail', { qqbh: 'AHQQ999999' })).body.code).toBe(1004);

    const stored = (await admin('/__sim/mutual-aid')) as { qqbh: string; sjbt: string; contact: string; remark: string; location: GeoPoint; occurredAt: string }[];
    const mine = stored.find((r) => r.qqbh === q1);
    expect(mine).toMatchObject({ sjbt: '南京化工园区危化品泄漏（堃）', contact: '张喆 13800000000', remark: 'crid:0f6f0d8e-0000-4000-a000-000000000001', location: { lng: 117.22738, lat: 31.82003 }, occurredAt: '2026-07-12T11:30:00+08:00' });
  });

  it('holds the data set request and lists it with kssj', async () => {
    const canonical = ah(dataset.mutualAidRequests)[0];
    const all0 = (await all('/jydw/zyqq/list', { jdbh: canonical.baseId.split(':')[2], kssj: '2026-01-01 00:00:00' })).rows;
    expect(all0.find((r) => r.QQBH === canonical.sourceId)).toMatchObject({ BZ: `crid:${canonical.clientRequestId}`, ZT: '已拒绝' });
    expect((await all('/jydw/zyqq/list', { kssj: '2099-01-01 00:00:00' })).rows).toEqual([]);
  });

  it.each([
    ['an unknown base', { jdbh: 'AHJD9999' }, 1004],
    ['a team of another base', { dwbh: 'AHDW9999' }, 1002],
    ['a material the base does not stock', { wz: 'XX-99:1' }, 1002],
    ['more than the stock', { wz: `${'{code}'}:999999999` }, 1002],
    ['a remark over 200 characters', { bz: 'x'.repeat(201) }, 1002],
    ['a time in the wrong form', { fssj: '2026/07/12 11:30' }, 1002],
    ['a coordinate that is not a number', { jd: '117°13\'38.5"E' }, 1002],
    ['a position outside China', { jd: '0', wd: '0' }, 1002],
    ['an unknown province', { qqsf: 'XX' }, 1002],
    ['no contact', { lxr: '' }, 1002],
  ])('refuses %s and creates nothing', async (_what, over, code) => {
    const fields = Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v.replace('{code}', target.materials[0].code)]));
    const before = ((await admin('/__sim/mutual-aid')) as unknown[]).length;
    const a = await add(form(fields));
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ code, data: null });
    expect(((await admin('/__sim/mutual-aid')) as unknown[]).length).toBe(before);
  });
});
