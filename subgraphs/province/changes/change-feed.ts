import type http from 'node:http';
import { callerOrUnauthenticated, type CallerVerifier } from '../../../schema/caller';
import type { WarningRecord } from '../../../schema/model';
import type { ChangeFeedPage, WarningChangeEntry } from '../../../schema/push/feed';
import type { Clock } from '../../../adapters/kit/clock';
import type { RecordChange, Snapshot } from '../replica';
import { ChangeLog } from './change-log';
import { expiredBetween, warningChangeEntries } from './warning-changes';

/**
 * The warnings' change feed of one province subgraph. Each page asks the copy as a query would
 * (re-synced with the legacy system only once it is older than its maximum age), so however many
 * gateways and subscribers poll, the system sees one incremental pull per maximum age. The
 * re-syncs' changed records and the expiries passed since the last page become entries.
 */
export class WarningChangeFeed {
  private readonly log = new ChangeLog<WarningChangeEntry>();
  private expiryCheckedAt: number | null = null;

  constructor(private readonly clock: Clock) {}

  /** The replica's hook: what a re-sync changed. */
  readonly onChanged = (changes: readonly RecordChange<WarningRecord>[]): void => {
    this.log.append(warningChangeEntries(changes, this.clock.now()));
  };

  /** `read`: the warnings' copy, re-synced when older than its maximum age. */
  async page(asked: string | null, read: () => Promise<Snapshot<WarningRecord, unknown>>): Promise<ChangeFeedPage<WarningChangeEntry>> {
    const after = asked === 'now' ? this.log.position() : asked;
    let copy: Snapshot<WarningRecord, unknown>;
    try {
      copy = await read();
    } catch (e) {
      return this.log.since(after, e instanceof Error ? e.message : 'the system did not answer');
    }
    const now = this.clock.now();
    if (this.expiryCheckedAt !== null) this.log.append(expiredBetween(copy.records, this.expiryCheckedAt, now.getTime(), now));
    this.expiryCheckedAt = now.getTime();
    return this.log.since(after, copy.failure ? copy.failure.message : null);
  }
}

/** GET /changes/warnings?after=…: the feed (`after=now`: from what this very ask detects on), to callers the subgraph accepts (as its GraphQL endpoint would). */
export function serveChangeFeed(feed: WarningChangeFeed, read: () => Promise<Snapshot<WarningRecord, unknown>>, verifier: CallerVerifier, req: http.IncomingMessage, res: http.ServerResponse): void {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const after = new URL(req.url ?? '/', 'http://feed.invalid').searchParams.get('after');
  callerOrUnauthenticated(verifier, req.headers.authorization)
    .then((caller) => {
      if (caller.role === null && !verifier.options.allowAnonymous) return send(401, { error: 'this deployment requires a bearer token' });
      return feed.page(after, read).then((page) => send(200, page));
    })
    .catch((e: unknown) => send(401, { error: e instanceof Error ? e.message : 'unauthenticated' }));
}
