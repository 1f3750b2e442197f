import { trace } from '@opentelemetry/api';
import type http from 'node:http';
import type { CallerVerifier } from '../../../schema/caller';
import type { ChangeFeedPage } from '../../../schema/push/feed';
import type { Clock } from '../../../adapters/kit/clock';
import type { RecordChange, Snapshot } from '../replica';
import { ChangeLog } from './change-log';
import { feedRefusal } from './feed-access';

export interface ChangeFeedRules<R, E> {
  /** What a re-sync's changed records mean to subscribers. */
  entries: (changes: readonly RecordChange<R>[], at: Date) => E[];
  /** What time alone changed in the copy between two pages (a warning's expiry). */
  timed?: (records: readonly R[], since: number, until: number, at: Date) => E[];
}

/**
 * The change feed of one collection of one province subgraph. Each page asks the copy as a query
 * would (re-synced with the legacy system only once it is older than its maximum age), so however
 * many gateways and subscribers poll, the system sees one incremental pull per maximum age. The
 * re-syncs' changed records, and what time changed since the last page, become entries.
 */
export class ChangeFeed<R, E> {
  private readonly log = new ChangeLog<E>();
  private expiryCheckedAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly rules: ChangeFeedRules<R, E>,
  ) {}

  /** The replica's hook: what a re-sync changed. */
  readonly onChanged = (changes: readonly RecordChange<R>[]): void => {
    this.log.append(this.rules.entries(changes, this.clock.now()));
  };

  /** `read`: the copy, re-synced when older than its maximum age. */
  async page(asked: string | null, read: () => Promise<Snapshot<R, unknown>>): Promise<ChangeFeedPage<E>> {
    const after = asked === 'now' ? this.log.position() : asked;
    let copy: Snapshot<R, unknown>;
    try {
      copy = await read();
    } catch (e) {
      return this.log.since(after, e instanceof Error ? e.message : 'the system did not answer');
    }
    const now = this.clock.now();
    if (this.expiryCheckedAt !== null && this.rules.timed) this.log.append(this.rules.timed(copy.records, this.expiryCheckedAt, now.getTime(), now));
    this.expiryCheckedAt = now.getTime();
    return this.log.since(after, copy.failure ? copy.failure.message : null);
  }
}

/** GET /changes/<collection>?after=…: the feed (`after=now`: from what this very ask detects on), to the gateway alone (feed-access.ts). */
export function serveChangeFeed<R, E>(feed: ChangeFeed<R, E>, read: () => Promise<Snapshot<R, unknown>>, verifier: CallerVerifier, req: http.IncomingMessage, res: http.ServerResponse): void {
  const after = new URL(req.url ?? '/', 'http://feed.invalid').searchParams.get('after');
  serveToGateway(verifier, req, res, () => feed.page(after, read));
}

/** Answers `answer()` as JSON to the gateway alone (feed-access.ts); 401 to anyone else, 400 when the request cannot be read. */
export function serveToGateway(verifier: CallerVerifier, req: http.IncomingMessage, res: http.ServerResponse, answer: () => Promise<unknown>): void {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  feedRefusal(verifier, req.headers.authorization)
    .then((refusal) => {
      if (refusal !== null) return send(401, { error: refusal });
      return answer().then(
        (body) => {
          const entries = (body as { entries?: unknown }).entries;
          if (Array.isArray(entries)) trace.getActiveSpan()?.setAttribute('yrd.feed.entries', entries.length);
          send(200, body);
        },
        (e: unknown) => send(400, { error: e instanceof Error ? e.message : 'bad request' }),
      );
    })
    .catch(() => send(500, { error: 'the change feed failed' }));
}
