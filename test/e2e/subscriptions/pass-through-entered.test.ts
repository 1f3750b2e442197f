import gcoord from 'gcoord';
import { provinceOfAdcode } from '../../../schema/geography';
import type { ProvinceCode, TrackPointRecord, WaybillRecord } from '../../../schema/model';
import { plateProvince } from '../../../adapters/kit/plate';
import { countyAtPoint, provinceAtPoint } from '../../../subgraphs/province/changes/province-at-point';
import type { Federation } from '../../support/federation';
import { metricSum } from '../../support/metric-sum';
import { EVERY_ENTRY } from '../../support/tokens';
import { feedMark, quietPeriod, sseClient, subscribeSse, subscribeWs, TRIP_STATUS_FEED, CROSSING_FEED, waitFor, withPushFederation, wsClient, type Received } from './harness';
import { beijingIso as iso, closeTo as close, enteredEvents as entered, postToSim, simNow, tripEvents as events, type TripEvent as Event } from './trip-events';

let fed: Federation;

withPushFederation({ replicaMaxAgeMs: { warnings: 200, waybills: 200 } }, (started) => (fed = started));

const PROVINCES = ['SH', 'JS', 'ZJ', 'AH'] as const;
const PROVINCE_ADCODES: Record<ProvinceCode, string> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };

const WITH_POSITION = `subscription Trips($filter: HazmatTransportFilter!) {
  hazmatTransportEvents(filter: $filter) { id kind at province waybill { id goods { unNumber } } position { lng lat } gcj: position(datum: GCJ02) { lng lat } }
}`;

const provinceOf = (adcode: string | null): ProvinceCode | null => (adcode ? provinceOfAdcode(adcode) : null);

interface Scenario {
  trip: WaybillRecord;
  from: ProvinceCode;
  through: ProvinceCode;
  /** A point the boundaries place in the start province, then points placed in the province passed through. */
  outside: TrackPointRecord;
  inside: TrackPointRecord[];
}

/**
 * A planned trip of the canonical data set that leaves its province for somewhere that is not the
 * province it passes through, and the points of another trip of the data set along the same way
 * (same start and destination province) that the systems recorded in the start province and in
 * the province passed through: the route is not on the waybill, only in the track. In the data set
 * these are the trips from Shanghai to Shandong along the G15 through Jiangsu, and from Jiangsu to
 * Shandong through Anhui.
 */
function scenario(): Scenario {
  const clean = (w: WaybillRecord) => !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId);
  // The points of that trip alone: from its departure until the vehicle's next one.
  const track = (w: WaybillRecord) => {
    const start = Date.parse(w.departedAt as string);
    const later = fed.dataset.waybills.filter((o) => o.plate === w.plate && o.departedAt !== null && Date.parse(o.departedAt) > start).map((o) => Date.parse(o.departedAt as string));
    const end = Math.min(start + 12 * 3600_000, ...later);
    return fed.dataset.trackPoints.filter((p) => p.plate === w.plate && Date.parse(p.at) >= start && Date.parse(p.at) < end).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  };
  for (const trip of [...fed.dataset.waybills].reverse()) {
    const from = provinceOf(trip.origin.divisionCode);
    const to = provinceOf(trip.destination.divisionCode);
    if (trip.status !== 'PLANNED' || from === null || from === to || plateProvince(trip.plate) === null || !clean(trip)) continue;
    for (const driven of fed.dataset.waybills) {
      if (driven.departedAt === null || provinceOf(driven.origin.divisionCode) !== from || provinceOf(driven.destination.divisionCode) !== to) continue;
      const points = track(driven);
      const outside = points.find((p) => p.province === from && provinceAtPoint(p.location) === from);
      const through = PROVINCES.find((p) => p !== from && p !== to && points.filter((q) => q.province === p && provinceAtPoint(q.location) === p).length >= 3);
      if (!outside || !through) continue;
      return { trip, from, through, outside, inside: points.filter((q) => q.province === through && provinceAtPoint(q.location) === through).slice(0, 3) };
    }
  }
  throw new Error('the canonical data set has no planned trip that passes through a third province');
}

describe('hazmatTransportEvents: ENTERED for a trip that only passes through a province', () => {
  it("asks every province's ENTERED feed to a position, Anhui's too: its system answers 5 requests a second, and its feed answers with what it has read so far instead of timing out", async () => {
    const failedAsks = async (): Promise<number> => metricSum(await (await fetch(new URL('/metrics', fed.url))).text(), 'gateway_subscription_feed_polls_total', { feed: CROSSING_FEED[0], province: 'AH', outcome: 'error' });
    const failedBefore = await failedAsks();
    const mark = await feedMark(fed);
    const watching = subscribeWs(wsClient(fed, `Bearer ${await fed.token({ ...EVERY_ENTRY, sub: 'all-crossings' })}`), WITH_POSITION, { filter: { toward: 'AH' } });
    await mark.positionsTaken([watching], CROSSING_FEED, PROVINCES);
    await mark.positionsTaken(0, CROSSING_FEED, ['AH']);
    expect(await failedAsks()).toBe(failedBefore);
    watching.dispose();
  });

  it('tells the province passed through, once, at its first point inside, over graphql-ws and graphql-sse, with position in WGS-84 under VEHICLE_TRACK and the waybill under the catalog', async () => {
    const { trip, from, through, outside, inside } = scenario();
    const to = provinceOf(trip.destination.divisionCode);
    const owner = plateProvince(trip.plate) as ProvinceCode;
    const stranger = PROVINCES.find((p) => p !== owner) as ProvinceCode;
    const enteredCounty = countyAtPoint(inside[0].location) as string;
    const enteredCity = `${enteredCounty.slice(0, 4)}00`;
    const nowhere = PROVINCES.find((p) => p !== from && p !== to && p !== through) as ProvinceCode;
    const bearer = async (claims: Parameters<Federation['token']>[0]) => `Bearer ${await fed.token(claims)}`;

    const mark = await feedMark(fed);
    const exchangeWs = subscribeWs(wsClient(fed, await bearer(EVERY_ENTRY)), WITH_POSITION, { filter: { toward: through } });
    const exchangeSse = subscribeSse(sseClient(fed, { authorization: await bearer({ ...EVERY_ENTRY, sub: 'sse-all' }) }), WITH_POSITION, { filter: { toward: through } });
    const byCounty = subscribeSse(sseClient(fed, { authorization: await bearer({ ...EVERY_ENTRY, sub: 'sse-county' }) }), WITH_POSITION, { filter: { toward: through, adcodes: [enteredCity] } });
    const otherCity = subscribeWs(wsClient(fed, await bearer({ ...EVERY_ENTRY, sub: 'other-city' })), WITH_POSITION, { filter: { toward: through, adcodes: [PROVINCE_ADCODES[nowhere]] } });
    const origin = subscribeWs(wsClient(fed, await bearer({ ...EVERY_ENTRY, sub: 'origin' })), WITH_POSITION, { filter: { toward: from } });
    const elsewhere = subscribeWs(wsClient(fed, await bearer({ ...EVERY_ENTRY, sub: 'elsewhere' })), WITH_POSITION, { filter: { toward: nowhere } });
    const matrix: [string, Received, boolean][] = [
      ['exchange with VEHICLE_TRACK', subscribeWs(wsClient(fed, await bearer({ sub: 'track-only', role: 'exchange', catalog: ['VEHICLE_TRACK'] })), WITH_POSITION, { filter: { toward: through } }), true],
      ['exchange without it', subscribeSse(sseClient(fed, { authorization: await bearer({ sub: 'detail-only', role: 'exchange', catalog: ['HAZMAT_DETAIL'] }) }), WITH_POSITION, { filter: { toward: through } }), false],
      ['province of the plate', subscribeWs(wsClient(fed, await bearer({ sub: 'owner', role: 'province', province: owner })), WITH_POSITION, { filter: { toward: through } }), true],
      ['another province', subscribeWs(wsClient(fed, await bearer({ sub: 'stranger', role: 'province', province: stranger })), WITH_POSITION, { filter: { toward: through } }), false],
      ['anonymous', subscribeSse(sseClient(fed), WITH_POSITION, { filter: { toward: through } }), false],
    ];
    const subscribed = [exchangeWs, exchangeSse, byCounty, otherCity, origin, elsewhere, ...matrix.map(([, r]) => r)];
    await mark.positionsTaken(subscribed, TRIP_STATUS_FEED, [trip.province]);
    await mark.positionsTaken(subscribed, CROSSING_FEED, [through]);

    const now = await simNow(fed);
    await postToSim(fed, trip.province, '/__sim/touch', { collection: 'waybills', sourceId: trip.sourceId, patch: { status: 'IN_TRANSIT', departedAt: iso(now - 10 * 60_000) } });
    const recorded = [
      { ...outside, plate: trip.plate, at: iso(now) },
      { ...inside[0], plate: trip.plate, at: iso(now + 2000) },
      { ...inside[1], plate: trip.plate, at: iso(now + 3000) },
    ];
    for (const point of recorded) await postToSim(fed, point.province, '/__sim/track', point);
    const firstInside = recorded[1];
    await waitFor(() => entered(exchangeWs, trip.id).length > 0 && entered(exchangeSse, trip.id).length > 0);
    // Another point inside, and several more rounds of re-syncs: still one crossing.
    await postToSim(fed, through, '/__sim/track', { ...inside[2], plate: trip.plate, at: iso(now + 4000) });
    await quietPeriod(2500);

    for (const r of [exchangeWs, exchangeSse, byCounty]) {
      const [event, ...more] = entered(r, trip.id);
      expect(more).toEqual([]);
      expect([event.kind, event.province, Date.parse(event.at)]).toEqual(['ENTERED', through, Date.parse(firstInside.at)]);
      expect(close(event.position, firstInside.location)).toBe(true);
      const [gLng, gLat] = gcoord.transform<[number, number]>([firstInside.location.lng, firstInside.location.lat], gcoord.WGS84, gcoord.GCJ02);
      expect(close(event.gcj, { lng: gLng, lat: gLat })).toBe(true);
      expect(event.waybill.goods).not.toBeNull();
    }
    expect(entered(exchangeWs, trip.id)[0].id).toBe(entered(exchangeSse, trip.id)[0].id);
    // The province passed through is told nothing else of the trip: it is not where the trip heads.
    expect(events(exchangeWs, trip.id).map((e) => e.kind)).toEqual(['ENTERED']);
    expect(events(otherCity, trip.id)).toEqual([]);
    expect(entered(origin, trip.id)).toEqual([]);
    expect(events(elsewhere, trip.id)).toEqual([]);

    for (const [name, r, released] of matrix) {
      const [event, ...more] = entered(r, trip.id);
      expect([name, event !== undefined, more]).toEqual([name, true, []]);
      const payload = r.payloads.find((p) => (p.data as { hazmatTransportEvents: Event } | null)?.hazmatTransportEvents.id === event.id);
      const forbidden = (payload?.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));
      const positions = forbidden.filter((p) => p !== 'hazmatTransportEvents.waybill.goods').sort();
      if (released) {
        expect([name, close(event.position, firstInside.location), positions]).toEqual([name, true, []]);
      } else {
        expect([name, event.position, event.gcj]).toEqual([name, null, null]);
        expect([name, positions]).toEqual([name, ['hazmatTransportEvents.gcj', 'hazmatTransportEvents.position']]);
      }
    }
    const anonymous = matrix[matrix.length - 1][1];
    const hidden = anonymous.payloads.find((p) => (p.data as { hazmatTransportEvents: Event } | null)?.hazmatTransportEvents.waybill.id === trip.id);
    expect((hidden?.data as { hazmatTransportEvents: Event }).hazmatTransportEvents.waybill.goods).toBeNull();
    expect(hidden?.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toContainEqual(['FORBIDDEN', 'hazmatTransportEvents.waybill.goods']);
  });
});
