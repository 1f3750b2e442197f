import { LegacyRejectedError, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { MutualAidRequestInput } from '../../../schema/model';
import { adapter, beforeEachTest, dataset, setUp, sh, sim, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('mutual aid', () => {
  const base = sh(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const input = (over: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId: 'adapter-req-1',
    baseId: base.id,
    fromProvince: 'ZJ',
    incident: { title: '槽罐车侧翻', location: { lng: 121.2, lat: 30.9 }, occurredAt: '2026-07-12T03:30:00Z' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: Math.min(1, base.materials[0].quantity) }],
    contact: '浙江省应急管理厅',
    ...over,
  });
  const held = async (): Promise<Record<string, unknown>[]> => ((await (await fetch(`${url}/__sim/mutual-aid`)).json()) as { items: Record<string, unknown>[] }).items;

  it('submits with the Idempotency-Key, WGS-84 coordinates and legacy ids, then reads the status', async () => {
    const a = adapter();
    const created = await a.submitMutualAid(input());
    expect(created).toEqual({
      id: `SH:MutualAidRequest:${created.sourceId}`,
      province: 'SH',
      sourceId: expect.stringMatching(/^SHR-\d{8}-\d{4}$/),
      clientRequestId: 'adapter-req-1',
      baseId: base.id,
      fromProvince: 'ZJ',
      status: 'SUBMITTED',
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
    const stored = (await held()).find((r) => r.requestId === created.sourceId);
    expect(stored).toMatchObject({
      idempotencyKey: 'adapter-req-1',
      baseId: base.sourceId,
      teams: [base.teams[0].sourceId],
      incident: { title: '槽罐车侧翻', lng: 121.2, lat: 30.9, occurredAt: '2026-07-12T11:30:00+08:00' },
    });
    expect(await a.getMutualAid(created.sourceId)).toEqual({
      id: created.id,
      province: 'SH',
      sourceId: created.sourceId,
      status: 'SUBMITTED',
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
  });

  it('a repeat answers the first request and creates nothing', async () => {
    const a = adapter();
    const first = await a.submitMutualAid(input({ clientRequestId: 'adapter-req-2' }));
    const count = (await held()).length;
    const again = await a.submitMutualAid(input({ clientRequestId: 'adapter-req-2' }));
    expect(again.sourceId).toBe(first.sourceId);
    expect(await held()).toHaveLength(count);
  });

  it('reads a seeded request, and null for an unknown one', async () => {
    const seeded = sh(dataset.mutualAidRequests)[0];
    expect(await adapter().getMutualAid(seeded.sourceId)).toEqual({
      id: seeded.id, province: 'SH', sourceId: seeded.sourceId, status: seeded.status, updatedAt: seeded.updatedAt,
    });
    expect(await adapter().getMutualAid('SHR-19990101-0001')).toBeNull();
  });

  it('a write refused for bad input is LegacyRejectedError, sent once', async () => {
    const tooMuch = input({ clientRequestId: 'adapter-req-3', materials: [{ code: base.materials[0].code, quantity: base.materials[0].quantity + 1 }] });
    await expect(adapter().submitMutualAid(tooMuch)).rejects.toBeInstanceOf(LegacyRejectedError);
    await expect(adapter().submitMutualAid(input({ clientRequestId: 'adapter-req-4', baseId: 'JS:RescueBase:JSB0001' }))).rejects.toBeInstanceOf(LegacyRejectedError);
    expect(sim.calls.snapshot()).toEqual({ 'POST /api/v2/rescue/requests': 1 });
  });

  it('a write is never retried on a 5xx', async () => {
    sim.faults.set({ errorRate: 1 });
    await expect(adapter().submitMutualAid(input({ clientRequestId: 'adapter-req-5' }))).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect(sim.calls.snapshot()).toEqual({ 'POST /api/v2/rescue/requests': 1 });
  });
});
