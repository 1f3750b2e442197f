import { AccessRecorder } from '../../schema/access-log/recorder';
import { chainEntries } from '../../schema/access-log/record-hash';
import type { AccessLogStore } from '../../schema/access-log/store';
import type { AccessEntry, AccessLogHead, AccessRecord } from '../../schema/access-log/types';
import { accessEntry } from '../support/access-entries';

/** The recorder takes entries with a push and writes them in ordered batches, keeping a refused batch for the next attempt. */

class MemoryStore implements AccessLogStore {
  readonly batches: number[] = [];
  readonly records: AccessRecord[] = [];
  failNext = 0;
  async append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('store down');
    }
    const last = this.records[this.records.length - 1];
    const chained = chainEntries(last ? { seq: last.seq, hash: last.hash } : null, entries);
    this.records.push(...chained);
    this.batches.push(entries.length);
    return chained;
  }
  async *scan(): AsyncIterable<AccessRecord> {
    yield* this.records;
  }
  async head(): Promise<AccessLogHead | null> {
    return null;
  }
  async close(): Promise<void> {}
}

/** A store whose every append takes `ms`, as a file append with its lock and fsync does on a busy machine. */
class SlowStore extends MemoryStore {
  constructor(private readonly ms: number) {
    super();
  }
  override async append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    await sleep(this.ms);
    return super.append(entries);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AccessRecorder', () => {
  it('writes nothing on the request path, then one batch after flushMs', async () => {
    const store = new MemoryStore();
    const recorder = new AccessRecorder(store, { flushMs: 20 });
    for (let i = 0; i < 5; i++) recorder.record(accessEntry(i));
    expect(store.batches).toEqual([]);
    expect(recorder.pending).toBe(5);
    await new Promise((r) => setTimeout(r, 60));
    expect(store.batches).toEqual([5]);
    await recorder.close();
  });

  it('under a steady stream writes once per flushMs, not again after each slow write with what came in meanwhile', async () => {
    const store = new SlowStore(30);
    const recorder = new AccessRecorder(store, { flushMs: 100 });
    const started = Date.now();
    let n = 0;
    while (Date.now() - started < 700) {
      recorder.record(accessEntry(n++));
      await sleep(2);
    }
    await recorder.close();
    expect(store.records.map((r) => r.requestId)).toEqual(Array.from({ length: n }, (_, i) => `r${i}`));
    expect(store.batches.length).toBeLessThanOrEqual(10);
  });

  it('writes what arrives during its last write when closed', async () => {
    const store = new SlowStore(30);
    const recorder = new AccessRecorder(store, { flushMs: 10_000 });
    recorder.record(accessEntry(0));
    const closed = recorder.close();
    await sleep(10);
    recorder.record(accessEntry(1));
    await closed;
    expect(store.records.map((r) => r.requestId)).toEqual(['r0', 'r1']);
  });

  it('writes a full batch at once, in order', async () => {
    const store = new MemoryStore();
    const recorder = new AccessRecorder(store, { flushMs: 10_000, maxBatch: 3 });
    for (let i = 0; i < 7; i++) recorder.record(accessEntry(i));
    await recorder.flush();
    expect(store.batches).toEqual([3, 3, 1]);
    expect(store.records.map((r) => r.requestId)).toEqual(Array.from({ length: 7 }, (_, i) => `r${i}`));
    await recorder.close();
  });

  it('keeps a batch the store refused and writes it on the next attempt', async () => {
    const store = new MemoryStore();
    store.failNext = 1;
    const errors: number[] = [];
    const recorder = new AccessRecorder(store, { flushMs: 10, onError: (_, pending) => errors.push(pending) });
    recorder.record(accessEntry(1));
    await recorder.flush();
    expect(errors).toEqual([1]);
    expect(store.records).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(store.records.map((r) => r.seq)).toEqual([1]);
    await recorder.close();
  });
  it('tells whether a flush was stored, and closes without looping when the store stays down', async () => {
    const store = new MemoryStore();
    store.failNext = 1;
    const recorder = new AccessRecorder(store, { flushMs: 60_000, onError: () => undefined });
    recorder.record(accessEntry(1));
    expect(await recorder.flush()).toBe(false);
    expect(recorder.pending).toBe(1);
    expect(await recorder.flush()).toBe(true);
    expect(store.records.map((r) => r.seq)).toEqual([1]);
    store.failNext = Number.POSITIVE_INFINITY;
    recorder.record(accessEntry(2));
    await recorder.close();
    expect(recorder.pending).toBe(1);
    expect(store.records).toHaveLength(1);
  });
  it('builds deferred entries at the flush, not when recorded, in order with plain ones, leaving out those that build to nothing', async () => {
    const store = new MemoryStore();
    const recorder = new AccessRecorder(store, { flushMs: 10_000 });
    const built: number[] = [];
    const deferred = (i: number, recorded: boolean) => ({
      build: () => {
        built.push(i);
        return recorded ? accessEntry(i) : null;
      },
    });
    recorder.record(accessEntry(0));
    recorder.record(deferred(1, true));
    recorder.record(deferred(2, false));
    recorder.record(accessEntry(3));
    recorder.record(deferred(4, true));
    expect(built).toEqual([]);
    await recorder.flush();
    expect(built).toEqual([1, 2, 4]);
    expect(store.records.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r3', 'r4']);
    expect(store.records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    await recorder.close();
  });

  it('writes no batch when every deferred entry builds to nothing', async () => {
    const store = new MemoryStore();
    const recorder = new AccessRecorder(store, { flushMs: 10_000 });
    recorder.record({ build: () => null });
    await recorder.flush();
    expect(store.batches).toEqual([]);
    expect(recorder.pending).toBe(0);
    await recorder.close();
  });
});
