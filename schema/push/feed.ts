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
  /** The divisions of the trip's origin and destination, for the adcodes filter. */
  adcodes: string[];
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
