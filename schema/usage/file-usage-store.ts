import { promises as fs } from 'node:fs';
import { withFileLock } from '../registry/file-lock';
import { DEFAULT_USAGE_KEEP_DAYS, firstDayOf, mergeUsage, type UsageEntry, type UsageStore } from './types';

export interface FileUsageOptions {
  /** Days kept, today included (USAGE_KEEP_DAYS); older lines are pruned. */
  keepDays?: number;
  now?: () => Date;
  lockTimeoutMs?: number;
}

/**
 * Usage as JSON lines, one per flushed entry; read back merged, from the window's first day on.
 * The first write of each day (per process) prunes the file under the lock the writers share:
 * the days older than `keepDays` are dropped and the rest merged per day, client and operation.
 */
export class FileUsageStore implements UsageStore {
  private readonly keepDays: number;
  private readonly now: () => Date;
  private readonly lockTimeoutMs: number;
  private prunedFrom: string | null = null;

  constructor(
    private readonly file: string,
    options: FileUsageOptions = {},
  ) {
    this.keepDays = options.keepDays ?? DEFAULT_USAGE_KEEP_DAYS;
    this.now = options.now ?? (() => new Date());
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  }

  async record(entries: readonly UsageEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await withFileLock(this.file, this.lockTimeoutMs, async () => {
      const first = firstDayOf(this.keepDays, this.now());
      if (this.prunedFrom !== first) await this.prune(first);
      this.prunedFrom = first;
      await fs.appendFile(this.file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    });
  }

  async seenSince(since: Date): Promise<UsageEntry[]> {
    return mergeUsage(await this.entriesFrom(firstDayOf(1, since)));
  }

  async close(): Promise<void> {}

  /** Rewrites the file with the days from `first` on, merged; replaced by a rename, so a reader sees it whole. */
  private async prune(first: string): Promise<void> {
    const kept = mergeUsage(await this.entriesFrom(first));
    const partial = `${this.file}.${process.pid}.partial`;
    await fs.writeFile(partial, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await fs.rename(partial, this.file);
  }

  private async entriesFrom(first: string): Promise<UsageEntry[]> {
    const text = await fs.readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const entries: UsageEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as UsageEntry;
        if (entry.day >= first) entries.push(entry);
      } catch {
        // a line cut short by a crash: the rest still count
      }
    }
    return entries;
  }
}
