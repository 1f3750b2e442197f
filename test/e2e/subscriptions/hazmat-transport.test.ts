import gcoord from 'gcoord';
import { isWithin, provinceOfAdcode } from '../../../schema/geography';
import type { ProvinceCode, TrackPointRecord, WaybillRecord } from '../../../schema/model';
import { plateProvince } from '../../../adapters/kit/plate';
import { provinceAtPoint } from '../../../subgraphs/province/changes/province-at-point';
import type { Federation } from '../../support/federation';
import { EVERY_ENTRY } from '../../support/tokens';
import { feedMark, nextSecond, quietPeriod, sseClient, subscribeSse, subscribeWs, TRIP_STATUS_FEED, CROSSING_FEED, waitFor, withPushFederation, wsClient, type Received } from './harness';
import { beijingIso, closeTo, enteredEvents, postToSim, simNow, tripEvents, type TripEvent } from './trip-events';

let fed: Federation;

withPushFederation({ replicaMaxAgeMs: { warnings: 200, waybills: 200 } }, (started) => (fed = started));

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
    const mark = await feedMark(fed);
    const exchange = subscribeWs(wsClient(fed, `Bearer ${await fed.token(EVERY_ENTRY)}`), EVENTS, { filter: { toward } });
    const anonymous = subscribeWs(wsClient(fed), EVENTS, { filter: { toward } });
    const elsewhere = subscribeWs(wsClient(fed, `Bearer ${await fed.token(EVERY_ENTRY)}`), EVENTS, { filter: { toward: trip.province } });
    await mark.positionsTaken([exchange, anonymous, elsewhere], TRIP_STATUS_FEED, [trip.province]);
    await touchWaybill(trip.sourceId, trip.province, { status: 'IN_TRANSIT' });
    await exchange.count(1, 20_000);
    // The systems keep updated times in whole seconds: the next change is a second later.
    await nextSecond(fed);
    await touchWaybill(trip.sourceId, trip.province, { status: 'ARRIVED' });
    const payloads = await exchange.count(2, 20_000);
    await anonymous.count(2, 20_000);
    // Nothing more, and nothing for the other province.
    await quietPeriod(500);
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

/**
 * A trip driven across a border in the simulated systems: the origin's system records a point,
 * then the destination's records two (points of the canonical data set, placed there by the
 * county boundaries). Exactly one ENTERED reaches the watching province, at the first point inside.
 */
const WITH_POSITION = `subscription Trips($filter: HazmatTransportFilter!, $after: ID) {
  hazmatTransportEvents(filter: $filter, after: $after) { id kind at province waybill { id } position { lng lat } gcj: position(datum: GCJ02) { lng lat } }
}`;

type Event = TripEvent;
const events = tripEvents;
const entered = enteredEvents;
const post = (province: ProvinceCode, path: string, body: unknown): Promise<void> => postToSim(fed, province, path, body);

/** A planned trip between two provinces of the region, and points of the data set that the boundaries place in each. */
function scenario(): { trip: WaybillRecord; from: ProvinceCode; toward: ProvinceCode; outside: TrackPointRecord; inside: TrackPointRecord[] } {
  const clean = (w: WaybillRecord) => !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId);
  // From the end of the data set: the test above drives the first planned trip.
  const trip = [...fed.dataset.waybills].reverse().find((w) => {
    const from = w.origin.divisionCode ? provinceOfAdcode(w.origin.divisionCode) : null;
    const to = w.destination.divisionCode ? provinceOfAdcode(w.destination.divisionCode) : null;
    return w.status === 'PLANNED' && from !== null && to !== null && from !== to && to !== w.province && plateProvince(w.plate) !== null && clean(w);
  }) as WaybillRecord;
  const from = provinceOfAdcode(trip.origin.divisionCode as string) as ProvinceCode;
  const toward = provinceOfAdcode(trip.destination.divisionCode as string) as ProvinceCode;
  const placed = (p: ProvinceCode) => fed.dataset.trackPoints.filter((t) => t.province === p && provinceAtPoint(t.location) === p);
  return { trip, from, toward, outside: placed(from)[0], inside: placed(toward).slice(0, 3) };
}

const close = closeTo;

describe('hazmatTransportEvents: ENTERED and position', () => {
  it('delivers exactly one ENTERED for a trip driven across the border, at the first point inside, filtered by toward and adcodes, with position under VEHICLE_TRACK in both datums, and resumes across it', async () => {
    const { trip, from, toward, outside, inside } = scenario();
    // DEPARTED_TOWARD goes to the destination when another province issued the waybill.
    const owner = plateProvince(trip.plate) as ProvinceCode;
    const stranger = (['SH', 'JS', 'ZJ', 'AH'] as const).find((p) => p !== owner) as ProvinceCode;
    const destinationCity = `${(trip.destination.divisionCode as string).slice(0, 4)}00`;
    const elsewhere = ['310000', '320000', '330000', '340000'].find((c) => !trip.origin.divisionCode?.startsWith(c.slice(0, 2)) && !trip.destination.divisionCode?.startsWith(c.slice(0, 2))) as string;
    const bearer = async (claims: Parameters<Federation['token']>[0]) => `Bearer ${await fed.token(claims)}`;

    const mark = await feedMark(fed);
    const exchangeWs = subscribeWs(wsClient(fed, await bearer(EVERY_ENTRY)), WITH_POSITION, { filter: { toward } });
    const exchangeSse = subscribeSse(sseClient(fed, { authorization: await bearer({ ...EVERY_ENTRY, sub: 'sse-all' }) }), WITH_POSITION, { filter: { toward, adcodes: [destinationCity] } });
    const otherAdcodes = subscribeSse(sseClient(fed, { authorization: await bearer({ ...EVERY_ENTRY, sub: 'sse-elsewhere' }) }), WITH_POSITION, { filter: { toward, adcodes: [elsewhere] } });
    const origin = subscribeWs(wsClient(fed, await bearer({ ...EVERY_ENTRY, sub: 'origin' })), WITH_POSITION, { filter: { toward: from } });
    // The catalog matrix for the position (Vehicle.track's: the entry, or the province that registered the plate).
    const matrix: [string, Received, boolean][] = [
      ['exchange with VEHICLE_TRACK', subscribeWs(wsClient(fed, await bearer({ sub: 'track-only', role: 'exchange', catalog: ['VEHICLE_TRACK'] })), WITH_POSITION, { filter: { toward } }), true],
      ['exchange without it', subscribeWs(wsClient(fed, await bearer({ sub: 'detail-only', role: 'exchange', catalog: ['HAZMAT_DETAIL'] })), WITH_POSITION, { filter: { toward } }), false],
      ['province of the plate', subscribeWs(wsClient(fed, await bearer({ sub: 'owner', role: 'province', province: owner })), WITH_POSITION, { filter: { toward } }), true],
      ['another province', subscribeWs(wsClient(fed, await bearer({ sub: 'stranger', role: 'province', province: stranger })), WITH_POSITION, { filter: { toward } }), false],
      ['app', subscribeWs(wsClient(fed, await bearer({ sub: 'app', role: 'app' })), WITH_POSITION, { filter: { toward } }), false],
      ['anonymous', subscribeSse(sseClient(fed), WITH_POSITION, { filter: { toward } }), false],
    ];
    const subscribed = [exchangeWs, exchangeSse, otherAdcodes, origin, ...matrix.map(([, r]) => r)];
    await mark.positionsTaken(subscribed, TRIP_STATUS_FEED, [trip.province]);
    await mark.positionsTaken(subscribed, CROSSING_FEED, [toward]);

    const now = await simNow(fed);
    const iso = beijingIso;
    await post(trip.province, '/__sim/touch', { collection: 'waybills', sourceId: trip.sourceId, patch: { status: 'IN_TRANSIT', departedAt: iso(now - 10 * 60_000) } });
    await waitFor(() => events(exchangeWs, trip.id).length > 0);
    expect(events(exchangeWs, trip.id).map((e) => e.kind)).toEqual(['DEPARTED_TOWARD']);

    // Points from now on: a crossing before the subgraphs started is history, not an event.
    const recorded = [
      { ...outside, plate: trip.plate, at: iso(now) },
      { ...inside[0], plate: trip.plate, at: iso(now + 2000) },
      { ...inside[1], plate: trip.plate, at: iso(now + 3000) },
    ];
    for (const point of recorded) await post(point.province, '/__sim/track', point);
    const firstInside = recorded[1];
    await waitFor(() => entered(exchangeWs, trip.id).length > 0);
    // Another point inside, and several more rounds of re-syncs: still one crossing.
    await post(toward, '/__sim/track', { ...inside[2], plate: trip.plate, at: iso(now + 4000) });
    await quietPeriod(2500);

    for (const r of [exchangeWs, exchangeSse]) {
      const [event, ...more] = entered(r, trip.id);
      expect(more).toEqual([]);
      expect([event.kind, event.province, Date.parse(event.at)]).toEqual(['ENTERED', toward, Date.parse(firstInside.at)]);
      expect(close(event.position, firstInside.location)).toBe(true);
      const [gLng, gLat] = gcoord.transform<[number, number]>([firstInside.location.lng, firstInside.location.lat], gcoord.WGS84, gcoord.GCJ02);
      expect(close(event.gcj, { lng: gLng, lat: gLat })).toBe(true);
    }
    expect(isWithin(trip.destination.divisionCode as string, destinationCity)).toBe(true);
    expect(events(otherAdcodes, trip.id)).toEqual([]);
    expect(entered(origin, trip.id)).toEqual([]);

    for (const [name, r, released] of matrix) {
      const payload = r.payloads.find((p) => (p.data as { hazmatTransportEvents: Event } | null)?.hazmatTransportEvents.kind === 'ENTERED' && (p.data as { hazmatTransportEvents: Event }).hazmatTransportEvents.waybill.id === trip.id);
      expect([name, payload !== undefined]).toEqual([name, true]);
      const event = (payload?.data as { hazmatTransportEvents: Event }).hazmatTransportEvents;
      const forbidden = (payload?.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));
      if (released) {
        expect([name, close(event.position, firstInside.location), forbidden]).toEqual([name, true, []]);
      } else {
        expect([name, event.position, event.gcj]).toEqual([name, null, null]);
        expect([name, forbidden.sort()]).toEqual([name, ['hazmatTransportEvents.gcj', 'hazmatTransportEvents.position']]);
      }
    }

    // Resume: after the departure, the crossing comes again, once; after the crossing, it does not.
    const [departed] = events(exchangeWs, trip.id);
    const [crossing] = entered(exchangeWs, trip.id);
    const resumed = subscribeWs(wsClient(fed, await bearer({ ...EVERY_ENTRY, sub: 'resumer' })), WITH_POSITION, { filter: { toward }, after: departed.id });
    const resumedSse = subscribeSse(sseClient(fed, { authorization: await bearer({ ...EVERY_ENTRY, sub: 'resumer-sse' }) }), WITH_POSITION, { filter: { toward }, after: crossing.id });
    await waitFor(() => entered(resumed, trip.id).length > 0);
    // Nothing more for the first, nothing at all for the second.
    await quietPeriod(1500);
    expect(entered(resumed, trip.id).map((e) => [e.id, e.position])).toEqual([[crossing.id, crossing.position]]);
    expect(events(resumed, trip.id).map((e) => e.kind)).toEqual(['ENTERED']);
    expect(events(resumedSse, trip.id)).toEqual([]);

    // Another kind of event: its position is the newest point recorded up to it.
    await post(trip.province, '/__sim/touch', { collection: 'waybills', sourceId: trip.sourceId, patch: { status: 'ARRIVED' } });
    await waitFor(() => events(exchangeWs, trip.id).some((e) => e.kind === 'ARRIVED'));
    const arrived = events(exchangeWs, trip.id).find((e) => e.kind === 'ARRIVED') as Event;
    expect(close(arrived.position, inside[2].location)).toBe(true);
  });
});
