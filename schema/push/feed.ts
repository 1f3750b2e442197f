import { provinceOfAdcode } from '../geography';
import type { ProvinceCode, WarningEvent, WarningLevel } from '../model';

/** What the province subgraphs' change feeds and the gateway's event bus carry (keys, plus what filters read). */

export const WARNING_CHANGE_KINDS = ['ISSUED', 'UPDATED', 'CANCELLED', 'EXPIRED'] as const;
export type WarningChangeKind = (typeof WARNING_CHANGE_KINDS)[number];

/**
 * One change of a warning as a province subgraph detected it. `key` names the change itself (the
 * record, its version and the kind), so that the same change seen twice (two gateways pulling, a
 * province subgraph restarted) becomes one event. The filter attributes let the gateway drop
 * what a subscriber did not ask for without resolving anything; the payload is resolved by key.
 */
export interface WarningChangeEntry {
  key: string;
  kind: WarningChangeKind;
  at: string;
  province: ProvinceCode;
  warningId: string;
  areaCodes: string[];
  event: WarningEvent;
  level: WarningLevel;
}

export const HAZMAT_TRANSPORT_KINDS = ['DEPARTED_TOWARD', 'ENTERED', 'ARRIVED', 'CANCELLED'] as const;
export type HazmatTransportKind = (typeof HAZMAT_TRANSPORT_KINDS)[number];

/** One trip event of a waybill that concerns another province than the one whose system issued it (`toward`). */
export interface HazmatTransportEntry {
  key: string;
  kind: HazmatTransportKind;
  at: string;
  /** The watching province: where the trip is headed. */
  toward: ProvinceCode;
  waybillId: string;
  /** The divisions of the trip's origin and destination (and, for ENTERED, the county entered), for the adcodes filter. */
  adcodes: string[];
  /** The vehicle's plate: the event's position is read from its track (absent on entries of an older feed). */
  plate?: string;
  /** ENTERED: when the first point inside was recorded (the event's position is that point). */
  pointAt?: string;
}

/** A trip in transit that may cross into another province, as its issuing province's copy holds it (GET /changes/trips). */
export interface TripInTransit {
  waybillId: string;
  plate: string;
  departedAt: string;
  /** The province the trip heads to, or null for a destination outside the region. */
  toward: ProvinceCode | null;
  /** Where the trip starts, when known: a trip that starts inside a province has not crossed into it yet. */
  originAdcode: string | null;
  adcodes: string[];
}

/**
 * Whether a province watches a trip's track for crossings into it: the province it heads to, and
 * every province it may pass through on the way, which is any the trip does not start in (where a
 * vehicle drives is not on the waybill). A trip whose start is unknown is left to its destination.
 */
export function watchesTrip(province: ProvinceCode, trip: TripInTransit): boolean {
  if (trip.toward === province) return true;
  return trip.originAdcode !== null && provinceOfAdcode(trip.originAdcode) !== province;
}

/** POST /changes/entered: the trips toward the province asked, and where the gateway's reading of its feed stands. */
export interface EnteredFeedRequest {
  after: string | null;
  trips: TripInTransit[];
}

/** A province subgraph's answer to GET /changes/warnings?after=<epoch>:<seq>. */
export interface ChangeFeedPage<E> {
  /** Changes from this process's start; a new epoch means the sequence numbers began again. */
  epoch: string;
  /** Where to continue: pass `${epoch}:${seq}` as `after` next time. */
  seq: number;
  entries: E[];
  /** Set when the last re-sync with the legacy system failed: the feed may be missing changes. */
  unavailable: string | null;
}

export const CHANGE_FEED_PATH = '/changes/warnings';
export const WAYBILL_FEED_PATH = '/changes/waybills';
export const TRIPS_PATH = '/changes/trips';
export const ENTERED_FEED_PATH = '/changes/entered';
