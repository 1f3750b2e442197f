import { Registry } from 'prom-client';
import { ChangePoller } from '../../../gateway/subscriptions/change-poller';
import { feedMetrics } from '../../../gateway/subscriptions/feed-metrics';
import { InProcessEventBus } from '../../../gateway/subscriptions/in-process-bus';
import { PROVINCE_CODES, type ProvinceCode } from '../../../schema/model';
import type { ChangeFeedPage } from '../../../schema/push/feed';
import { untilOrAfter } from '../../support/until';

interface Entry {
  key: string;
}

const FEED = '/changes/warnings';
const provinces = Object.fromEntries(PROVINCE_CODES.map((p) => [p, 'http://127.0.0.1:1/graphql'])) as Record<ProvinceCode, string>;
const page = (unavailable: string | null = null): ChangeFeedPage<Entry> => ({ epoch: 'e1', seq: 1, entries: [], unavailable });

/** A poller whose loops ask once per watch (the next ask is a minute away), with its metrics in `registry`. */
function poller(registry: Registry, readPage: (province: ProvinceCode) => Promise<ChangeFeedPage<Entry>>): ChangePoller<Entry> {
  const bus = new InProcessEventBus<Entry>({ ms: 60_000, maxLength: 100 });
  return new ChangePoller<Entry>({ provinces, bus, stream: 'warnings', path: FEED, pollMs: 60_000, timeoutMs: 1000, credential: async () => undefined, readPage, metrics: feedMetrics(registry) });
}

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const series = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return series?.value ?? 0;
}

const polls = (registry: Registry, province: ProvinceCode, outcome: string) => value(registry, 'gateway_subscription_feed_polls_total', { feed: FEED, province, outcome });

/** Waits (up to a cap only a hang reaches) until `check` holds. */
const until = (check: () => Promise<boolean>): Promise<void> => untilOrAfter(check, 5_000, 5);

describe('change poller metrics', () => {
  it("count each province's asks by outcome, the watches begun and the streams watching each feed", async () => {
    const registry = new Registry();
    const answers: Record<ProvinceCode, () => Promise<ChangeFeedPage<Entry>>> = {
      SH: async () => page(),
      JS: async () => page('the legacy system did not answer'),
      ZJ: async () => Promise.reject(new Error('the change feed answered HTTP 502')),
      AH: async () => page(),
    };
    const feed = poller(registry, (province) => answers[province]());
    const ends = [feed.watch(), feed.watch()];
    await until(async () => (await Promise.all(PROVINCE_CODES.map((p) => value(registry, 'gateway_subscription_feed_polls_total', { feed: FEED, province: p })))).every((n) => n > 0));
    expect(await Promise.all([polls(registry, 'SH', 'ok'), polls(registry, 'JS', 'unavailable'), polls(registry, 'ZJ', 'error'), polls(registry, 'AH', 'ok')])).toEqual([1, 1, 1, 1]);
    expect(await Promise.all([polls(registry, 'SH', 'error'), polls(registry, 'JS', 'ok'), polls(registry, 'ZJ', 'ok')])).toEqual([0, 0, 0]);
    expect(await value(registry, 'gateway_subscription_feed_watches_total', { feed: FEED })).toBe(2);
    expect(await value(registry, 'gateway_subscription_feed_watchers', { feed: FEED })).toBe(2);
    ends[0]();
    ends[0]();
    expect(await value(registry, 'gateway_subscription_feed_watchers', { feed: FEED })).toBe(1);
    ends[1]();
    expect(await value(registry, 'gateway_subscription_feed_watchers', { feed: FEED })).toBe(0);
    expect(await value(registry, 'gateway_subscription_feed_watches_total', { feed: FEED })).toBe(2);
    await feed.close();
    const text = await registry.metrics();
    expect(text).toContain('# HELP gateway_subscription_feed_polls_total ');
    expect(text).toContain(`gateway_subscription_feed_polls_total{feed="${FEED}",province="ZJ",outcome="error"} 1`);
  });

  it('does not count an ask that ends after nobody watches any more: a count that rose after a watch began is of a loop serving it', async () => {
    const registry = new Registry();
    let release: (answer: ChangeFeedPage<Entry>) => void = () => undefined;
    let asked: () => void = () => undefined;
    const shAsked = new Promise<void>((resolve) => (asked = resolve));
    const feed = poller(registry, (province) => {
      if (province !== 'SH') return Promise.resolve(page());
      asked();
      return new Promise((resolve) => (release = resolve));
    });
    const end = feed.watch();
    await shAsked;
    await until(async () => (await Promise.all((['JS', 'ZJ', 'AH'] as const).map((p) => polls(registry, p, 'ok')))).every((n) => n === 1));
    end();
    release(page());
    await feed.close();
    expect(await Promise.all(PROVINCE_CODES.map((p) => polls(registry, p, 'ok')))).toEqual([0, 1, 1, 1]);
  });
});
