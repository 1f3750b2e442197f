import type { ProvinceCode } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import type { Received } from './harness';

/** What the trip tests select of a HazmatTransportEvent (`gcj`: the position in GCJ-02). */
export interface TripEvent {
  id: string;
  kind: string;
  at: string;
  province: string;
  waybill: { id: string; goods?: unknown };
  position: { lng: number; lat: number } | null;
  gcj: { lng: number; lat: number } | null;
}

/** The events of one waybill that a subscription received, in order. */
export const tripEvents = (r: Received, waybillId: string): TripEvent[] =>
  r.payloads.map((p) => (p.data as { hazmatTransportEvents: TripEvent } | null)?.hazmatTransportEvents).filter((e): e is TripEvent => e?.waybill.id === waybillId);

export const enteredEvents = (r: Received, waybillId: string): TripEvent[] => tripEvents(r, waybillId).filter((e) => e.kind === 'ENTERED');

/** Equal coordinates, to the six decimals the data set keeps. */
export const closeTo = (a: { lng: number; lat: number } | null, b: { lng: number; lat: number }): boolean => a !== null && Math.abs(a.lng - b.lng) < 1e-5 && Math.abs(a.lat - b.lat) < 1e-5;

/** A control request to a simulated system (`/__sim/touch`, `/__sim/track`). */
export async function postToSim(fed: Federation, province: ProvinceCode, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${fed.sims[province].url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** The simulated systems' clock (ms). */
export async function simNow(fed: Federation): Promise<number> {
  const res = await fetch(`${fed.sims.SH.url}/__sim/clock`);
  return Date.parse(((await res.json()) as { now: string }).now);
}

/** A time as the systems hold it: Beijing time, whole seconds. */
export const beijingIso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString().replace('.000Z', '+08:00');
