import { UsageRecorder } from '../../../schema/usage/usage-recorder';
import type { UsageEntry, UsageStore } from '../../../schema/usage/types';

class MemoryStore implements UsageStore {
  readonly entries: UsageEntry[] = [];
  async record(entries: readonly UsageEntry[]): Promise<void> {
    this.entries.push(...entries);
  }
  async seenSince(): Promise<UsageEntry[]> {
    return this.entries;
  }
  async close(): Promise<void> {}
}

describe('usage recorder', () => {
  it('counts each operation per UTC day, the day changing at UTC midnight (and back, for a clock set back)', async () => {
    const store = new MemoryStore();
    let now = new Date('2026-12-05T23:59:59.998Z');
    const recorder = new UsageRecorder(store, { now: () => now, flushMs: 60_000 });
    const record = () => recorder.record('app', 'CrossRegion', 'h1', ['Query.warnings']);
    record();
    record();
    now = new Date('2026-12-06T00:00:00.000Z');
    record();
    now = new Date('2026-12-06T15:30:00.000Z');
    record();
    now = new Date('2026-12-05T08:00:00.000Z');
    record();
    now = new Date('1969-12-31T23:00:00.000Z');
    record();
    await recorder.close();
    expect(store.entries.map((e) => [e.day, e.count]).sort()).toEqual([
      ['1969-12-31', 1],
      ['2026-12-05', 3],
      ['2026-12-06', 2],
    ]);
  });
});
