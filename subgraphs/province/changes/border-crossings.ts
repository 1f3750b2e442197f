import { provinceOfAdcode } from '../../../schema/geography';
import type { ProvinceCode, TrackPointRecord } from '../../../schema/model';
import { watchesTrip, type HazmatTransportEntry, type TripInTransit } from '../../../schema/push/feed';
import { countyAtPoint, provinceAtPoint } from './province-at-point';

/**
 * A gap in the province's own recording longer than this means the vehicle was out of it in
 * between: each system records only the points inside its territory, so leaving and coming back
 * shows here as a gap. The data set records a point every 5 to 8 minutes.
 */
export const LEFT_AFTER_GAP_MS = 20 * 60_000;

/** What one trip's track has shown so far. */
interface TripState {
  /** When its track was last read (the subgraph's clock, ms). */
  checkedAt: number;
  /** The time of the newest point read (ms), or the departure before any. */
  lastAt: number;
  /** Whether that point lay inside the province (at departure: whether the trip starts in it). */
  inside: boolean;
}

export interface BorderCrossingsOptions {
  province: ProvinceCode;
  /** The province's own track points of a plate in [from, to] (ms), ordered by time; through the subgraph's cached reads. */
  track: (plate: string, from: Date, to: Date) => Promise<readonly TrackPointRecord[]>;
  /** How often one trip's track is read again at most (the waybill copy's maximum age, or CHANGE_FEED_MAX_AGE_MS when shorter), whoever asks how often. */
  periodMs: number;
  /**
   * Crossings at points before this time (ms) are history, as a warning changed before anyone
   * watched is: they set where the vehicle is without becoming events. The subgraph's start.
   */
  since: number;
}

/**
 * ENTERED, detected by the subgraph of the province entered. Each system records only the points
 * inside its own territory (legacy-apis/README.md), so the first point inside a province exists
 * only in that province's system: the subgraph of the trip's issuing or starting province, whose
 * system the earlier points come from, never sees it, and the stitched track exists only at the
 * gateway, where it is subject to each caller's catalog. The entered province reads its own
 * system's track of the trips it watches (`watchesTrip`: headed to it, or from elsewhere and so
 * possibly passing through, since the waybill does not name the route), places every point with
 * the county boundaries (not by which system recorded it), and reports the first point inside
 * after the vehicle was outside: one entry per border crossing, keyed by the waybill, the province
 * and that point's time, so that reading the track again, here or in another replica, detects the
 * same entry. A trip that never passes through leaves no point in this system, so nothing.
 */
export class BorderCrossings {
  private readonly trips = new Map<string, TripState>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: BorderCrossingsOptions) {}

  /**
   * The crossings the trips' tracks show since they were last read, up to `now` (the subgraph's
   * clock); `failure` when the system did not answer for some (read again next time). `found`
   * hears each trip's crossings as soon as its track is read, before the other trips are. Asks
   * made at once (several gateways) are answered one after the other, so that a trip read for the
   * first is not read again, nor its crossing reported twice, for the next.
   */
  detect(trips: readonly TripInTransit[], now: Date, found?: (entries: readonly HazmatTransportEntry[]) => void): Promise<{ entries: HazmatTransportEntry[]; failure: string | null }> {
    const detected = this.running.then(() => this.detectNow(trips, now, found));
    this.running = detected.catch(() => undefined);
    return detected;
  }

  private async detectNow(trips: readonly TripInTransit[], now: Date, found?: (entries: readonly HazmatTransportEntry[]) => void): Promise<{ entries: HazmatTransportEntry[]; failure: string | null }> {
    const mine = trips.filter((t) => watchesTrip(this.o.province, t));
    for (const id of this.trips.keys()) if (!mine.some((t) => t.waybillId === id)) this.trips.delete(id);
    const entries: HazmatTransportEntry[] = [];
    let failure: string | null = null;
    for (const trip of mine) {
      const state = this.trips.get(trip.waybillId) ?? this.startOf(trip);
      if (this.trips.has(trip.waybillId) && now.getTime() - state.checkedAt < this.o.periodMs) continue;
      let points: readonly TrackPointRecord[];
      try {
        points = await this.o.track(trip.plate, new Date(state.lastAt + 1), now);
      } catch (e) {
        failure = e instanceof Error ? e.message : 'the system did not answer';
        continue;
      }
      const crossed: HazmatTransportEntry[] = [];
      for (const point of points) {
        const t = Date.parse(point.at);
        if (t <= state.lastAt) continue;
        const inside = provinceAtPoint(point.location) === this.o.province;
        if (inside && t >= this.o.since && (!state.inside || t - state.lastAt > LEFT_AFTER_GAP_MS)) crossed.push(this.entered(trip, point));
        state.lastAt = t;
        state.inside = inside;
      }
      state.checkedAt = now.getTime();
      this.trips.set(trip.waybillId, state);
      if (crossed.length > 0) found?.(crossed);
      entries.push(...crossed);
    }
    return { entries, failure };
  }

  private startOf(trip: TripInTransit): TripState {
    const startsInside = trip.originAdcode !== null && provinceOfAdcode(trip.originAdcode) === this.o.province;
    return { checkedAt: 0, lastAt: Date.parse(trip.departedAt) - 1, inside: startsInside };
  }

  /** The event's time is the first point's: the crossing happened then, however late the track was read. The county entered joins the adcodes filtered on. */
  private entered(trip: TripInTransit, point: TrackPointRecord): HazmatTransportEntry {
    const county = countyAtPoint(point.location);
    return {
      key: `${trip.waybillId}:ENTERED:${this.o.province}@${point.at}`,
      kind: 'ENTERED',
      at: new Date(point.at).toISOString(),
      toward: this.o.province,
      waybillId: trip.waybillId,
      adcodes: county && !trip.adcodes.includes(county) ? [...trip.adcodes, county] : trip.adcodes,
      plate: trip.plate,
      pointAt: point.at,
    };
  }
}
