import type http from 'node:http';
import type { Clock } from '../../../adapters/kit/clock';
import type { ChangeFeedPage, EnteredFeedRequest, HazmatTransportEntry, TripInTransit } from '../../../schema/push/feed';
import { BorderCrossings } from './border-crossings';
import { ChangeLog } from './change-log';

const BODY_LIMIT_BYTES = 4 << 20;

/** How long a page waits for the track reads it started (or found running) before it answers with what is logged. */
export const ENTERED_PAGE_WAIT_MS = 1_000;

/**
 * The ENTERED feed of one province subgraph: the pages start reads of the province's own track of
 * the trips it watches, headed to it or passing through (each trip at most once per period, however
 * many gateways ask), and list the border crossings detected, numbered like every change feed.
 * One detection runs at a time: a system with a rate limit (Anhui, 5 requests a second) takes
 * seconds to read every watched trip's track, longer than a gateway waits for a page, so a page
 * answers after at most `waitMs` with the crossings logged so far, each logged as soon as its
 * trip's track is read, and the next page lists the rest. Pages asked meanwhile join the running
 * detection instead of reading the same tracks again.
 */
export class EnteredFeed {
  private readonly log = new ChangeLog<HazmatTransportEntry>();
  private detecting: Promise<void> | null = null;
  /** The last finished detection's failure: which system did not answer for some trips. */
  private failure: string | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly crossings: BorderCrossings,
    private readonly waitMs = ENTERED_PAGE_WAIT_MS,
  ) {}

  async page(request: EnteredFeedRequest): Promise<ChangeFeedPage<HazmatTransportEntry>> {
    const after = request.after === 'now' ? this.log.position() : request.after;
    this.detecting ??= this.detect(request.trips).finally(() => (this.detecting = null));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.detecting, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.waitMs)))]);
    clearTimeout(timer);
    return this.log.since(after, this.failure);
  }

  private async detect(trips: readonly TripInTransit[]): Promise<void> {
    const { failure } = await this.crossings.detect(trips, this.clock.now(), (entries) => this.log.append(entries));
    this.failure = failure;
  }
}

function isTrip(value: unknown): value is TripInTransit {
  const t = value as Partial<TripInTransit> | null;
  return typeof t?.waybillId === 'string' && typeof t.plate === 'string' && typeof t.departedAt === 'string' && (typeof t.toward === 'string' || t.toward === null) && Array.isArray(t.adcodes);
}

/** The body of POST /changes/entered; throws on anything else. */
export async function readEnteredRequest(req: http.IncomingMessage): Promise<EnteredFeedRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) throw new Error(`the body is over ${BODY_LIMIT_BYTES} bytes`);
    chunks.push(chunk);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { after?: unknown; trips?: unknown };
  if (!Array.isArray(body.trips) || !body.trips.every(isTrip)) throw new Error('trips: a list of trips in transit is required');
  return { after: typeof body.after === 'string' ? body.after : null, trips: body.trips };
}
