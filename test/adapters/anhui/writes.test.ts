import { LegacyRejectedError, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { GeoPoint, MutualAidRequestInput } from '../../../schema/model';
import { adapter, admin, afterEachTest, ah, calls, dataset, metres, NOW, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('mutual aid', () => {
  const base = ah(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const input = (over: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId: '7d1c8f0e-1111-4222-a333-444455556666',
    baseId: base.id,
    fromProvince: 'ZJ',
    incident: { title: '杭州湾化工园区火灾（喆）', location: { lng: 121.1234567, lat: 30.3456789 }, occurredAt: '2026-07-12T11:05:00+08:00' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: 1 }],
    contact: '王堃 13900000000',
    ...over,
  });

  it('submits through zyqq/add (WGS-84 decimal, crid in bz) and reads the status back', async () => {
    const a = adapter();
    const created = await a.submitMutualAid(input());
    expect(created).toMatchObject({ province: 'AH', clientRequestId: input().clientRequestId, baseId: base.id, fromProvince: 'ZJ', status: 'SUBMITTED' });
    expect(created.id).toBe(`AH:MutualAidRequest:${created.sourceId}`);
    const stored = (await admin<{ qqbh: string; jdbh: string; sjbt: string; contact: string; remark: string; location: GeoPoint; teams: string[]; occurredAt: string }[]>('/__sim/mutual-aid')).find((r) => r.qqbh === created.sourceId);
    expect(stored).toMatchObject({ jdbh: base.sourceId, sjbt: '杭州湾化工园区火灾（喆）', contact: '王堃 13900000000', remark: `crid:${input().clientRequestId}`, teams: [base.teams[0].sourceId], occurredAt: '2026-07-12T11:05:00+08:00' });
    expect(metres(stored?.location as GeoPoint, input().incident.location)).toBeLessThan(0.05);

    expect(await a.getMutualAid(created.sourceId)).toEqual({ id: created.id, province: 'AH', sourceId: created.sourceId, status: 'SUBMITTED', updatedAt: created.updatedAt });
    expect(await a.getMutualAid('AHQQ999999')).toBeNull();
    const listed = await a.listMutualAid(base.sourceId, new Date(NOW.getTime() - 3600_000));
    expect(listed).toContainEqual({ sourceId: created.sourceId, remark: `crid:${input().clientRequestId}`, status: 'SUBMITTED', updatedAt: created.updatedAt });
  });

  it('declares no idempotency but a lookup by clientRequestId, which finds the request its remark names and no other', async () => {
    const a = adapter();
    expect(a.writeGuarantee.kind).toBe('lookup-by-client-request-id');
    if (a.writeGuarantee.kind !== 'lookup-by-client-request-id') return;
    const crid = 'lookup-0000-4000-a000-000000000001';
    const created = await a.submitMutualAid(input({ clientRequestId: crid }));
    const since = new Date(NOW.getTime() - 3600_000);
    expect(await a.writeGuarantee.find(crid, base.id, since)).toEqual([{ sourceId: created.sourceId, status: 'SUBMITTED', updatedAt: created.updatedAt }]);
    expect(await a.writeGuarantee.find(crid.replace(/1$/, '2'), base.id, since)).toEqual([]);
  });

  it('holds the remark (bz) to its 200 characters with the clientRequestId inside: 195 characters go, 196 are refused unsent', async () => {
    const a = adapter();
    const fits = 'r'.repeat(195);
    const created = await a.submitMutualAid(input({ clientRequestId: fits }));
    const stored = (await admin<{ qqbh: string; remark: string }[]>('/__sim/mutual-aid')).find((r) => r.qqbh === created.sourceId);
    expect(stored?.remark).toBe(`crid:${fits}`);
    expect(stored?.remark).toHaveLength(200);
    await admin('/__sim/calls/reset', {});
    await expect(a.submitMutualAid(input({ clientRequestId: `${fits}r` }))).rejects.toBeInstanceOf(LegacyRejectedError);
    expect((await calls())['POST /ahyj/api/jydw/zyqq/add'] ?? 0).toBe(0);
  });

  it('refuses a text GBK cannot hold before sending anything, rather than let "?" stand in for it', async () => {
    const a = adapter();
    await a.getMutualAid('AHQQ000001');
    await admin('/__sim/calls/reset', {});
    const refusal = await a.submitMutualAid(input({ contact: '𠮷野家 13900000000' })).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(LegacyRejectedError);
    expect((refusal as Error).message).toContain('U+20BB7');
    expect((await calls())['POST /ahyj/api/jydw/zyqq/add'] ?? 0).toBe(0);
  });

  it('sends a write once: no retry even when the system fails', async () => {
    const a = adapter({ retries: 3 });
    await a.getMutualAid('AHQQ000001');
    await admin('/__sim/calls/reset', {});
    await admin('/__sim/faults', { errorRate: 1, paths: ['/ahyj/api/jydw/zyqq/add'] });
    await expect(a.submitMutualAid(input())).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect((await calls())['POST /ahyj/api/jydw/zyqq/add']).toBe(1);
  });

  it('reads the status of a request from the data set', async () => {
    const canonical = ah(dataset.mutualAidRequests)[0];
    expect(await adapter().getMutualAid(canonical.sourceId)).toEqual({ id: canonical.id, province: 'AH', sourceId: canonical.sourceId, status: canonical.status, updatedAt: canonical.updatedAt });
  });

  it.each([
    ['a team of another base', { teamIds: ['AH:RescueTeam:AHDW9999'] }],
    ['more than the stock', { materials: [{ code: base.materials[0].code, quantity: base.materials[0].quantity + 1 }] }],
    ['an unknown base', { baseId: 'AH:RescueBase:AHJD9999' }],
    ['a base of another province', { baseId: 'JS:RescueBase:JSB0001' }],
  ])('turns a refusal for %s into LegacyRejectedError', async (_what, over) => {
    await expect(adapter().submitMutualAid(input(over))).rejects.toBeInstanceOf(LegacyRejectedError);
  });
});
