import type { ProvinceCode } from '../../schema/model';
import { passDeadline, withDeadline } from '../../schema/with-deadline';
import type { HoldingsView } from './credit-code-route';
import { isObject, type Json } from './json';
import type { ShardResponse, ShardTransport } from './shard-transport';

/**
 * Which province's system holds which credit codes, learnt from each province subgraph's
 * `creditCodeHoldings` (its synced copy of enterprises). A province's part is loaded when a lookup
 * first needs it, and refreshed in the background once the copy's maximum age has passed or when
 * the shard announces a newer copy in an answer's extensions; one load per province at a time,
 * re-asked with the etag it has, so an unchanged copy answers no holdings. A load costs a legacy
 * call only when the shard's copy is due for its own re-sync: never one per lookup.
 */

export interface CreditCodeIndexOptions {
  transport: ShardTransport;
  provinces: readonly ProvinceCode[];
  /** Each province's deadline for one load. */
  timeoutMs: number;
  /** How long a lookup waits for the first load of a province's holdings before routing without them (default timeoutMs). */
  waitMs?: number;
  /** Least time (ms) between two loads of one province after a failure, and before refreshing a part again (default 1000). */
  minIntervalMs?: number;
  now?: () => number;
}

interface Part {
  syncedAt: number;
  etag: string;
  holdings: ReadonlyMap<string, number>;
  /** When (this process's clock) the shard's copy stops being fresh. */
  refreshAt: number;
}

interface Answer {
  syncedAt: number;
  etag: string;
  maxAgeMs: number;
  holdings: { creditCode: string; updatedAt: string }[] | null;
}

export const HOLDINGS_QUERY = 'query CreditCodeHoldings($etag: String) { creditCodeHoldings(ifNoneMatch: $etag) { syncedAt etag maxAgeMs holdings { creditCode updatedAt } } }';

export class CreditCodeIndex {
  private readonly parts = new Map<ProvinceCode, Part>();
  private readonly loading = new Map<ProvinceCode, Promise<void>>();
  private readonly failedAt = new Map<ProvinceCode, number>();
  private readonly now: () => number;
  /** The last view, while every part's holdings are the ones it was made of (a part's holdings are replaced, never changed). */
  private lastView: { holdings: readonly (ReadonlyMap<string, number> | null)[]; view: HoldingsView } | null = null;

  constructor(private readonly options: CreditCodeIndexOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Every province's holdings as known now, after waiting (bounded) for the first load of those
   * never loaded: the same view while nothing changed, so that routes by it can be kept with it.
   */
  async view(headers: Record<string, string>): Promise<HoldingsView> {
    const first: Promise<void>[] = [];
    for (const province of this.options.provinces) {
      const part = this.parts.get(province);
      if (!part) {
        const load = this.load(province, headers);
        if (load) first.push(load);
      } else if (this.now() >= part.refreshAt) {
        void this.load(province, headers);
      }
    }
    // Past the wait, the lookup routes without the parts still loading; their loads go on.
    if (first.length > 0) await withDeadline(Promise.all(first), this.options.waitMs ?? this.options.timeoutMs, 'CREDIT_INDEX_WAIT').catch(passDeadline);
    const holdings = this.options.provinces.map((p) => this.parts.get(p)?.holdings ?? null);
    const last = this.lastView;
    if (last && holdings.every((h, i) => h === last.holdings[i])) return last.view;
    const view: HoldingsView = new Map(this.options.provinces.map((p, i) => [p, holdings[i]]));
    this.lastView = { holdings, view };
    return view;
  }

  /** A shard's answer: when it announces a copy newer than the one the index learnt from, the part is refreshed. */
  observe(province: ProvinceCode, response: ShardResponse, headers: Record<string, string>): void {
    const announced = response.extensions?.creditCodeHoldings;
    const syncedAt = isObject(announced) ? announced.syncedAt : undefined;
    const part = this.parts.get(province);
    if (part && typeof syncedAt === 'number' && syncedAt > part.syncedAt) void this.load(province, headers);
  }

  private load(province: ProvinceCode, headers: Record<string, string>): Promise<void> | null {
    const inflight = this.loading.get(province);
    if (inflight) return inflight;
    const failed = this.failedAt.get(province);
    if (failed !== undefined && this.now() - failed < (this.options.minIntervalMs ?? 1000)) return null;
    const load = this.fetch(province, headers).finally(() => this.loading.delete(province));
    this.loading.set(province, load);
    return load;
  }

  private async fetch(province: ProvinceCode, headers: Record<string, string>): Promise<void> {
    const part = this.parts.get(province);
    try {
      const response = await this.options.transport.send({ province, headers, timeoutMs: this.options.timeoutMs }, { query: HOLDINGS_QUERY, variables: { etag: part?.etag ?? null } });
      const answer = answerOf(response.data?.creditCodeHoldings);
      const holdings = answer?.holdings ? new Map(answer.holdings.map((h) => [h.creditCode, Date.parse(h.updatedAt)])) : answer?.etag === part?.etag ? part?.holdings : undefined;
      if (!answer || !holdings) throw new Error(`${province} answered no credit-code holdings`);
      const refreshAt = this.now() + Math.max(answer.maxAgeMs, this.options.minIntervalMs ?? 1000);
      this.parts.set(province, { syncedAt: answer.syncedAt, etag: answer.etag, holdings, refreshAt });
      this.failedAt.delete(province);
    } catch {
      this.failedAt.set(province, this.now());
    }
  }
}

function answerOf(value: Json | undefined): Answer | null {
  if (!isObject(value)) return null;
  const { syncedAt, etag, maxAgeMs, holdings } = value;
  if (typeof syncedAt !== 'number' || typeof etag !== 'string' || typeof maxAgeMs !== 'number') return null;
  if (holdings === null) return { syncedAt, etag, maxAgeMs, holdings: null };
  if (!Array.isArray(holdings)) return null;
  const rows = holdings.flatMap((h) => (isObject(h) && typeof h.creditCode === 'string' && typeof h.updatedAt === 'string' ? [{ creditCode: h.creditCode, updatedAt: h.updatedAt }] : []));
  return { syncedAt, etag, maxAgeMs, holdings: rows };
}
