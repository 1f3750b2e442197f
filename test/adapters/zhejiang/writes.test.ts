import { LegacyRejectedError, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { CollectionRecord } from '../../../adapters/kit/province-adapter';
import type { GeoPoint, MutualAidRequestInput } from '../../../schema/model';
import { adapter, adapterFor, beforeEachTest, calls, dataset, goodOf, metresBetween, setUp, sim, tearDown, url, zj } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('mutual aid', () => {
  const base = () => goodOf('bases').find((b) => b.teams.length > 0 && b.materials.length > 0) as CollectionRecord['bases'];
  const input = (clientRequestId: string, patch: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId,
    baseId: base().id,
    fromProvince: 'SH',
    incident: { title: '金山化工区储罐泄漏', location: { lng: 121.33, lat: 30.71 }, occurredAt: '2026-07-12T11:40:00+08:00' },
    teamIds: [base().teams[0].id],
    materials: [{ code: base().materials[0].code, quantity: Math.min(1, base().materials[0].quantity) }],
    contact: '李四 13900000000',
    ...patch,
  });
  const held = async (): Promise<{ zyqqid: string; qqid: string; sj: { wgs84: GeoPoint } | null; dw: string[] }[]> =>
    ((await (await fetch(`${url}/__sim/mutual-aid`)).json()) as { data: { zyqqid: string; qqid: string; sj: { wgs84: GeoPoint } | null; dw: string[] }[] }).data;

  it('submits a request (incident converted to BD-09 and back within 1 m) and reads its status', async () => {
    const record = await adapter.submitMutualAid(input('adapter-submit-1'));
    expect(record).toEqual({
      id: `ZJ:MutualAidRequest:${record.sourceId}`,
      province: 'ZJ',
      sourceId: expect.stringMatching(/^ZJZYQQ-/),
      clientRequestId: 'adapter-submit-1',
      baseId: base().id,
      fromProvince: 'SH',
      status: 'SUBMITTED',
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
    const stored = (await held()).find((r) => r.zyqqid === record.sourceId);
    expect(stored).toMatchObject({ qqid: 'adapter-submit-1', dw: [base().teams[0].sourceId] });
    expect(metresBetween((stored?.sj as { wgs84: GeoPoint }).wgs84, { lng: 121.33, lat: 30.71 })).toBeLessThan(1);
    expect(await adapter.getMutualAid(record.sourceId)).toEqual({ id: record.id, province: 'ZJ', sourceId: record.sourceId, status: 'SUBMITTED', updatedAt: record.updatedAt });
  });

  it('sends the write once (never retried) and gets the same request back for the same clientRequestId', async () => {
    const first = await adapter.submitMutualAid(input('adapter-idem-1'));
    const count = (await held()).length;
    sim.calls.reset();
    const again = await adapter.submitMutualAid(input('adapter-idem-1'));
    expect(again.sourceId).toBe(first.sourceId);
    expect((await held()).length).toBe(count);
    expect(calls()['POST /zlj/open/jy/zyqq']).toBe(1);
  });

  it('a write refused for bad input is a LegacyRejectedError', async () => {
    const tooMuch = input('adapter-reject-1', { materials: [{ code: base().materials[0].code, quantity: base().materials[0].quantity + 1 }] });
    await expect(adapter.submitMutualAid(tooMuch)).rejects.toBeInstanceOf(LegacyRejectedError);
    await expect(adapter.submitMutualAid(input('adapter-reject-2', { baseId: 'ZJ:RescueBase:ZJJD-999' }))).rejects.toMatchObject({ code: 'LEGACY_REJECTED', legacyCode: 'INVALID' });
    await expect(adapter.submitMutualAid(input('adapter-reject-3', { baseId: 'SH:RescueBase:SHB-0001' }))).rejects.toBeInstanceOf(LegacyRejectedError);
  });

  it('a write that meets a 5xx is not retried', async () => {
    const faulty = adapterFor(url);
    await faulty.getMutualAid('ZJZYQQ-20000101-001');
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 1, paths: ['/zlj/open/jy/zyqq'] }) });
    try {
      sim.calls.reset();
      await expect(faulty.submitMutualAid(input('adapter-5xx-1'))).rejects.toBeInstanceOf(ProvinceUnavailableError);
      expect(calls()['POST /zlj/open/jy/zyqq']).toBe(1);
    } finally {
      await fetch(`${url}/__sim/faults/reset`, { method: 'POST' });
    }
  });

  it('reads the status of an earlier request, and null for an unknown one', async () => {
    const seeded = zj(dataset.mutualAidRequests)[0];
    expect(await adapter.getMutualAid(seeded.sourceId)).toEqual({ id: seeded.id, province: 'ZJ', sourceId: seeded.sourceId, status: seeded.status, updatedAt: seeded.updatedAt });
    expect(await adapter.getMutualAid('ZJZYQQ-20000101-001')).toBeNull();
  });
});
