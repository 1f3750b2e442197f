import type http from 'node:http';
import type { CallerVerifier } from '../../../schema/caller';
import type { ProvinceData } from '../province-data';
import { BorderCrossings } from './border-crossings';
import { serveToGateway } from './change-feed';
import { EnteredFeed, readEnteredRequest } from './entered-feed';
import { tripsInTransit } from './trips-in-transit';

/**
 * The subgraph's ENTERED feed over its own system's tracks, read through the cache as Vehicle.track
 * is, each trip once per period: the waybill maximum age, or the change feeds' (CHANGE_FEED_MAX_AGE_MS)
 * when shorter.
 */
export function enteredFeedOf(data: ProvinceData, feedMaxAgeMs: number | null): EnteredFeed {
  const crossings = new BorderCrossings({
    province: data.province,
    track: async (plate, from, to) => [...(await data.reads.track(plate, from, to)).value.records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    periodMs: Math.min(data.maxAges.waybills, feedMaxAgeMs ?? Number.POSITIVE_INFINITY),
    since: data.clock.now().getTime(),
  });
  return new EnteredFeed(data.clock, crossings);
}

/** GET /changes/trips: the copy's trips in transit toward another province, re-synced past its maximum age as a query would, or past the change feeds' (`feedMaxAgeMs`) when shorter. */
export function serveTrips(data: ProvinceData, feedMaxAgeMs: number | null, verifier: CallerVerifier, req: http.IncomingMessage, res: http.ServerResponse): void {
  serveToGateway(verifier, req, res, async () => {
    const copy = await data.replicas.waybills.read(null, feedMaxAgeMs);
    return { trips: tripsInTransit(copy.records), unavailable: copy.failure ? copy.failure.message : null };
  });
}

/** POST /changes/entered `{after, trips}`: the crossings into this province of the trips given. */
export function serveEnteredFeed(feed: EnteredFeed, verifier: CallerVerifier, req: http.IncomingMessage, res: http.ServerResponse): void {
  serveToGateway(verifier, req, res, async () => feed.page(await readEnteredRequest(req)));
}
