import { provinceOfAdcode } from '../../../schema/geography';
import type { WaybillRecord } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { EVERY_ENTRY } from '../../support/tokens';
import { disposeClients, settle, startPushFederation, subscribeWs, wsClient } from './harness';

let fed: Federation;

beforeAll(async () => {
  fed = await startPushFederation({ replicaMaxAgeMs: { warnings: 200, waybills: 200 } });
});
afterAll(async () => {
  await disposeClients();
  await fed?.close();
});

const EVENTS = `subscription Trips($filter: HazmatTransportFilter!) {
  hazmatTransportEvents(filter: $filter) { id kind province waybill { id status goods { unNumber } } }
}`;

async function touchWaybill(sourceId: string, province: string, patch: Partial<WaybillRecord>): Promise<void> {
  const res = await fetch(`${fed.sims[province as 'JS'].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId, patch }) });
  expect(res.status).toBe(200);
}

describe('hazmatTransportEvents', () => {
  it('tells the destination province of a trip that departs toward it and arrives, and nobody else, with the catalog applied to the waybill', async () => {
    const trip = fed.dataset.waybills.find((w) => w.status === 'PLANNED' && w.destination.divisionCode && provinceOfAdcode(w.destination.divisionCode) !== w.province && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId)) as WaybillRecord;
    const toward = provinceOfAdcode(trip.destination.divisionCode as string);
    const exchange = subscribeWs(wsClient(fed, `Bearer ${await fed.token(EVERY_ENTRY)}`), EVENTS, { filter: { toward } });
    const anonymous = subscribeWs(wsClient(fed), EVENTS, { filter: { toward } });
    const elsewhere = subscribeWs(wsClient(fed, `Bearer ${await fed.token(EVERY_ENTRY)}`), EVENTS, { filter: { toward: trip.province } });
    await settle();
    await touchWaybill(trip.sourceId, trip.province, { status: 'IN_TRANSIT' });
    await exchange.count(1, 20_000);
    // The systems keep updated times in whole seconds: the next change is a second later.
    await settle(1100);
    await touchWaybill(trip.sourceId, trip.province, { status: 'ARRIVED' });
    const payloads = await exchange.count(2, 20_000);
    await anonymous.count(2, 20_000);
    await settle(500);
    const events = payloads.map((p) => (p.data as { hazmatTransportEvents: { kind: string; province: string; waybill: { id: string; goods: unknown } } }).hazmatTransportEvents);
    expect(events.map((e) => [e.kind, e.province, e.waybill.id])).toEqual([
      ['DEPARTED_TOWARD', toward, trip.id],
      ['ARRIVED', toward, trip.id],
    ]);
    expect(events[0].waybill.goods).not.toBeNull();
    const hidden = anonymous.payloads[0];
    expect((hidden.data as { hazmatTransportEvents: { waybill: { goods: unknown } } }).hazmatTransportEvents.waybill.goods).toBeNull();
    expect(hidden.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toContainEqual(['FORBIDDEN', 'hazmatTransportEvents.waybill.goods']);
    expect(elsewhere.payloads).toEqual([]);
  });
});
