import { Counter, Gauge, type Registry } from 'prom-client';
import type { ProvinceCode } from '../../schema/model';

/**
 * How an ask of a province's change feed ended. ok: the page was read and the poller stands at its
 * position (on the first ask of a watch: its starting position); unavailable: the same, but the
 * province's legacy system failed behind the feed; error: the feed did not answer, the position is
 * unchanged.
 */
export type FeedPollOutcome = 'ok' | 'unavailable' | 'error';

/** The change pollers' metrics, one set for all the gateway's feeds (labelled by the feed's path). */
export interface FeedMetrics {
  /** A stream (subscription or webhook) began watching the feed. */
  watched(feed: string): void;
  /** A stream stopped watching it. */
  unwatched(feed: string): void;
  /** A watching loop's ask of a province's feed ended. */
  polled(feed: string, province: ProvinceCode, outcome: FeedPollOutcome): void;
}

export function feedMetrics(registry: Registry | null): FeedMetrics {
  const registers = registry ? [registry] : [];
  const watches = new Counter({
    name: 'gateway_subscription_feed_watches_total',
    help: 'Streams (subscriptions and webhooks) that began watching each change feed',
    labelNames: ['feed'],
    registers,
  });
  const watchers = new Gauge({
    name: 'gateway_subscription_feed_watchers',
    help: 'Streams (subscriptions and webhooks) watching each change feed now; at 0 its provinces are not polled',
    labelNames: ['feed'],
    registers,
  });
  const polls = new Counter({
    name: 'gateway_subscription_feed_polls_total',
    help: "Asks of each province's change feed by the gateway's pollers, by outcome (ok or unavailable: the poller took the page's position; error: the feed did not answer)",
    labelNames: ['feed', 'province', 'outcome'],
    registers,
  });
  return {
    watched(feed) {
      watches.inc({ feed });
      watchers.inc({ feed });
    },
    unwatched(feed) {
      watchers.dec({ feed });
    },
    polled(feed, province, outcome) {
      polls.inc({ feed, province, outcome });
    },
  };
}
