import { JiangsuAdapter } from '../../../adapters/jiangsu';
import { Clock } from '../../../adapters/kit/clock';
import { LegacyRejectedError, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { GeoPoint, MutualAidRequestInput } from '../../../schema/model';
import { adapter, adapters, CREDENTIALS, metres, mine, NOW, s, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

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
