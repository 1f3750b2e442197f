import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { withTraceContext } from '../../schema/telemetry/spans';
import { ENTERED_FEED_PATH, TRIPS_PATH, type ChangeFeedPage, type EnteredFeedRequest, type HazmatTransportEntry, type TripInTransit, watchesTrip } from '../../schema/push/feed';

export interface EnteredFeedsOptions {
  provinces: Record<ProvinceCode, string>;
  timeoutMs: number;
  /** How long one round's list of trips serves the four provinces' asks. */
  pollMs: number;
}

async function json<T>(url: URL, init: RequestInit, timeoutMs: number): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${url.pathname} answered HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Reads each province's ENTERED feed for the change poller. A trip's waybill is held by the
 * issuing province's system and its crossing is seen by the entered province's (see
 * subgraphs/province/changes/border-crossings.ts), so the gateway, which talks to both, lists the
 * trips in transit from every province's copy once per round and gives each province the trips
 * it watches (`watchesTrip`: headed to it or passing through). A province whose trips could not be
 * listed is missing from that round's trips only.
 */
export class EnteredFeeds {
  private round: { at: number; trips: Promise<TripInTransit[]> } | null = null;

  constructor(private readonly o: EnteredFeedsOptions) {}

  readonly readPage = async (province: ProvinceCode, after: string, authorization: string | undefined): Promise<ChangeFeedPage<HazmatTransportEntry>> => {
    const headers = withTraceContext({ 'content-type': 'application/json', ...(authorization ? { authorization } : {}) });
    const trips = (await this.trips(headers)).filter((t) => watchesTrip(province, t));
    const body: EnteredFeedRequest = { after, trips };
    return json<ChangeFeedPage<HazmatTransportEntry>>(new URL(ENTERED_FEED_PATH, this.o.provinces[province]), { method: 'POST', headers, body: JSON.stringify(body) }, this.o.timeoutMs);
  };

  private trips(headers: Record<string, string>): Promise<TripInTransit[]> {
    const now = Date.now();
    if (!this.round || now - this.round.at >= this.o.pollMs / 2) {
      const asks = PROVINCE_CODES.map((p) =>
        json<{ trips: TripInTransit[] }>(new URL(TRIPS_PATH, this.o.provinces[p]), { headers }, this.o.timeoutMs).then(
          (answer) => answer.trips,
          () => [] as TripInTransit[],
        ),
      );
      this.round = { at: now, trips: Promise.all(asks).then((lists) => lists.flat()) };
    }
    return this.round.trips;
  }
}
