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
