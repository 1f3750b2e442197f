import type http from 'node:http';
import type { Clock } from '../../../adapters/kit/clock';
import type { ChangeFeedPage, EnteredFeedRequest, HazmatTransportEntry, TripInTransit } from '../../../schema/push/feed';
import { BorderCrossings } from './border-crossings';
import { ChangeLog } from './change-log';

const BODY_LIMIT_BYTES = 4 << 20;

/**
 * The ENTERED feed of one province subgraph: each page reads the province's own track of the
 * trips it watches, headed to it or passing through (each trip at most once per period, however
 * many gateways ask), and lists the border crossings detected, numbered like every change feed.
 */
export class EnteredFeed {
  private readonly log = new ChangeLog<HazmatTransportEntry>();

  constructor(
    private readonly clock: Clock,
    private readonly crossings: BorderCrossings,
  ) {}

  async page(request: EnteredFeedRequest): Promise<ChangeFeedPage<HazmatTransportEntry>> {
    const after = request.after === 'now' ? this.log.position() : request.after;
    const { entries, failure } = await this.crossings.detect(request.trips, this.clock.now());
    this.log.append(entries);
    return this.log.since(after, failure);
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
