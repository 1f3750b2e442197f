import { promises as fs } from 'node:fs';
import path from 'node:path';
import { dayOf, mergeUsage, type UsageEntry, type UsageStore } from './types';

/** Usage as JSON lines, one per flushed entry; read back merged, from the window's first day on. */
export class FileUsageStore implements UsageStore {
  constructor(private readonly file: string) {}

  async record(entries: readonly UsageEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  async seenSince(since: Date): Promise<UsageEntry[]> {
    const first = dayOf(since);
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
    return mergeUsage(entries);
  }

  async close(): Promise<void> {}
}
