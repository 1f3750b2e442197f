import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import type { ChangeFeedPage } from '../../schema/push/feed';
import type { EventBus } from './event-bus';
import type { FeedCredential } from './feed-credential';
import type { FeedMetrics, FeedPollOutcome } from './feed-metrics';
import { tracedPoll } from './push-spans';
import { markFailed, withTraceContext } from '../../schema/telemetry/spans';

export interface ChangePollerOptions<E extends { key: string }> {
  /** Each province subgraph's GraphQL endpoint; the feed is beside it. */
  provinces: Record<ProvinceCode, string>;
  bus: EventBus<E>;
  stream: string;
  /** The feed's path on each province subgraph (CHANGE_FEED_PATH, WAYBILL_FEED_PATH). */
  path: string;
  pollMs: number;
  timeoutMs: number;
  /** The gateway's own credential towards the feeds (never a subscriber's token). */
  credential: FeedCredential;
  /** How a page is read (default: GET the feed's path with `after`); the ENTERED feed posts the trips to watch. */
  readPage?: (province: ProvinceCode, after: string, authorization: string | undefined) => Promise<ChangeFeedPage<E>>;
  /** Counts the watches and the polls, under the feed's path. */
  metrics?: FeedMetrics;
}

/** What a subscription field's stream needs of its pollers. */
export interface WatchedFeed {
  watch(): () => void;
  unavailable(): { province: ProvinceCode; reason: string }[];
}

/**
 * While anyone watches the stream, one loop per province asks its change feed every pollMs and
 * publishes what it lists, in order; nobody watching, nobody asks. The province subgraph re-syncs
 * its copy with the legacy system only past the copy's maximum age, so the legacy calls do not
 * grow with the number of subscribers (nor of gateways). A province that fails is named in
 * `unavailable()` until its feed answers again.
 */
export class ChangePoller<E extends { key: string }> implements WatchedFeed {
  private readonly watches = new Set<symbol>();
  private running: Promise<void>[] = [];
  private readonly down = new Map<ProvinceCode, string>();
  private readonly cursors = new Map<ProvinceCode, string>();
  /** Loops of an older watch (stopped, then watched again) end instead of running twice. */
  private generation = 0;
  private wake: (() => void)[] = [];

  constructor(private readonly o: ChangePollerOptions<E>) {}

  /** Starts the loops for the first watcher; the returned function ends this watch. */
  watch(): () => void {
    const watch = Symbol('watch');
    this.watches.add(watch);
    this.o.metrics?.watched(this.o.path);
    if (this.watches.size === 1) this.start();
    return () => {
      if (!this.watches.delete(watch)) return;
      this.o.metrics?.unwatched(this.o.path);
      if (this.watches.size === 0) this.stop();
    };
  }

  /** Provinces whose feed or legacy system failed at the last ask, with why. */
  unavailable(): { province: ProvinceCode; reason: string }[] {
    return [...this.down].map(([province, reason]) => ({ province, reason }));
  }

  private start(): void {
    this.generation += 1;
    this.running = PROVINCE_CODES.map((p) => this.loop(p, this.generation));
  }

  private stop(): void {
    this.generation += 1;
    for (const w of this.wake.splice(0)) w();
  }

  async close(): Promise<void> {
    this.stop();
    await Promise.all(this.running);
  }

  private async loop(province: ProvinceCode, generation: number): Promise<void> {
    while (generation === this.generation) {
      const outcome = await this.pollOnce(province);
      // A loop stopped while its ask was out ends here: it neither waits for a next ask (close() would
      // wait pollMs for it) nor counts this one, so that a count that rose after a watch began says
      // that the loops feeding that watch stand at a position of their own.
      if (generation !== this.generation) return;
      this.o.metrics?.polled(this.o.path, province, outcome);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.pollMs);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async getPage(province: ProvinceCode, after: string, authorization: string | undefined): Promise<ChangeFeedPage<E>> {
    const url = new URL(this.o.path, this.o.provinces[province]);
    url.searchParams.set('after', after);
    const res = await fetch(url, { headers: withTraceContext(authorization ? { authorization } : {}), signal: AbortSignal.timeout(this.o.timeoutMs) });
    if (!res.ok) throw new Error(`the change feed answered HTTP ${res.status}`);
    return (await res.json()) as ChangeFeedPage<E>;
  }

  /** One ask, in a span of its own (a trace per poll, continued by the subgraph that answers). */
  async pollOnce(province: ProvinceCode): Promise<FeedPollOutcome> {
    const source = `${this.o.path}:${province}`;
    return tracedPoll({ 'yrd.province': province, 'yrd.stream': this.o.stream, 'url.path': this.o.path }, async (span) => {
      try {
        const after = this.cursors.get(province) ?? (await this.o.bus.cursor(this.o.stream, source)) ?? 'now';
        span.setAttribute('yrd.feed.after', after);
        const page = await (this.o.readPage ?? this.getPage.bind(this))(province, after, await this.o.credential());
        span.setAttribute('yrd.feed.entries', page.entries.length);
        for (const entry of page.entries) await this.o.bus.publish(this.o.stream, entry);
        const cursor = `${page.epoch}:${page.seq}`;
        this.cursors.set(province, cursor);
        if (cursor !== after) await this.o.bus.saveCursor(this.o.stream, source, cursor);
        if (page.unavailable) {
          span.setAttribute('yrd.feed.unavailable', page.unavailable);
          this.down.set(province, page.unavailable);
          return 'unavailable';
        }
        this.down.delete(province);
        return 'ok';
      } catch (e) {
        markFailed(span, e);
        this.down.set(province, e instanceof Error ? e.message : 'the province subgraph did not answer');
        return 'error';
      }
    });
  }
}
