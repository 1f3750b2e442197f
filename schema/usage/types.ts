/** One operation of one client on one day (UTC): the schema coordinates it used, and how often it ran. */
export interface UsageEntry {
  /** YYYY-MM-DD, UTC. */
  day: string;
  /** The apollographql-client-name header; `unknown` without one. */
  client: string;
  operationName: string | null;
  /** sha256 of the operation's document. */
  operationHash: string;
  /** `Type.field` for each field selected, `Type.field.argument` for each argument given. */
  coordinates: string[];
  count: number;
}

/** A sliding window of usage, per day. */
export interface UsageStore {
  record(entries: readonly UsageEntry[]): Promise<void>;
  /** Every entry of `since`'s day and later, merged per day, client and operation. */
  seenSince(since: Date): Promise<UsageEntry[]>;
  close(): Promise<void>;
}

/** USAGE_KEEP_DAYS's default: the longest window a check asks for (`--usage-days` up to 90). */
export const DEFAULT_USAGE_KEEP_DAYS = 90;

/** The first day of the `days` days that end with `now`'s (UTC). */
export const firstDayOf = (days: number, now: Date): string => dayOf(new Date(now.getTime() - (days - 1) * 86_400_000));

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

export const usageKey = (e: Pick<UsageEntry, 'day' | 'client' | 'operationHash'>): string => `${e.day}\n${e.client}\n${e.operationHash}`;

/** Entries of one day, client and operation added together. */
export function mergeUsage(entries: readonly UsageEntry[]): UsageEntry[] {
  const merged = new Map<string, UsageEntry>();
  for (const e of entries) {
    const key = usageKey(e);
    const kept = merged.get(key);
    if (kept) kept.count += e.count;
    else merged.set(key, { ...e, coordinates: [...e.coordinates] });
  }
  return [...merged.values()];
}
