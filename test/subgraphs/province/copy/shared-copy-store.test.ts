import { InProcessCache } from '../../../../schema/cache/in-process-cache';
import { applyOps, type CopyOp } from '../../../../subgraphs/province/copy/copy-log';
import { CopyState } from '../../../../subgraphs/province/copy/copy-state';
import { INDEX_RULES } from '../../../../subgraphs/province/copy/indexes';
import { SharedCopyStore } from '../../../../subgraphs/province/copy/shared-copy';
import type { WaybillRecord } from '../../../../schema/model';
import { testDataset } from '../../../fixtures/dataset-adapter';

/** An in-process cache that counts the bytes a Redis would be sent (values as JSON). */
class CountingCache extends InProcessCache {
  written = 0;
  override async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    this.written += key.length + JSON.stringify(value).length;
    return super.set(key, value, ttlMs);
  }
}

/** An in-process cache that notes how many keys each command reads and how many writes are under way at once. */
class CommandSizes extends InProcessCache {
  readonly keysPerRead: number[] = [];
  writing = 0;
  mostWriting = 0;
  override async get<T>(key: string): Promise<T | undefined> {
    this.keysPerRead.push(1);
    return super.get<T>(key);
  }
  override async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    this.keysPerRead.push(keys.length);
    return super.getMany<T>(keys);
  }
  override async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    this.mostWriting = Math.max(this.mostWriting, ++this.writing);
    await new Promise((r) => setImmediate(r));
    const stored = await super.set(key, value, ttlMs);
    this.writing -= 1;
    return stored;
  }
}

const waybills = testDataset().waybills.filter((w) => w.province === 'JS');
const clock = (syncedAt: number) => ({ newestUpdate: syncedAt, syncedAt, fetchedAt: new Date(syncedAt).toISOString() });
const ids = (s: CopyState<WaybillRecord, unknown>) => [...s.records.values()].map((r) => JSON.stringify(r));

describe('the shared copy store', () => {
  it('writes a base once, then only a small head for a quiet sync and a log entry of the changed records; readers catch up from their position', async () => {
    const cache = new CountingCache();
    const store = new SharedCopyStore<WaybillRecord>({ cache, key: 'legacy:JS:replica:waybills', keepMs: 3_600_000, chunkSize: 100 });
    let state = CopyState.of(INDEX_RULES.waybills, waybills, []);
    let at = await store.write(state, [], null, undefined, clock(1), 1);
    const base = cache.written;
    expect(base).toBeGreaterThan(waybills.length * 200);
    const reader = await store.read((await store.head())!, null);
    const fromBase = applyOps(CopyState.of(INDEX_RULES.waybills, reader!.reset!.records, reader!.reset!.invalid), reader!.ops);
    expect(ids(fromBase)).toEqual(ids(state));

    cache.written = 0;
    at = await store.write(state, [], at, await store.head(), clock(2), 2);
    expect(cache.written).toBeLessThan(400);

    cache.written = 0;
    const ops: CopyOp<WaybillRecord>[] = [{ put: { ...waybills[3], status: 'ARRIVED', updatedAt: '2026-07-12T12:00:00+08:00' } }, { drop: waybills[5].id }];
    state = applyOps(state, ops);
    const readerAt = { generation: at.generation, entries: at.entries };
    at = await store.write(state, ops, at, await store.head(), clock(3), 3);
    expect(at.entries).toBe(readerAt.entries + 1);
    expect(cache.written).toBeLessThan(400 + 2 * JSON.stringify(waybills[3]).length);
    const update = await store.read((await store.head())!, readerAt);
    expect(update?.reset).toBeNull();
    expect(update?.ops).toEqual(ops);
    expect(ids(applyOps(fromBase, update!.ops))).toEqual(ids(state));
  });

  it('writes a new base once the log holds more records than half the copy, so reading stays bounded', async () => {
    const cache = new CountingCache();
    const store = new SharedCopyStore<WaybillRecord>({ cache, key: 'k', keepMs: 3_600_000 });
    let state = CopyState.of(INDEX_RULES.waybills, waybills.slice(0, 10), []);
    let at = await store.write(state, [], null, undefined, clock(1), 1);
    const first = at.generation;
    for (let i = 0; i < 3; i++) {
      const ops: CopyOp<WaybillRecord>[] = Array.from({ length: 400 }, (_, j) => ({ put: { ...waybills[j % waybills.length], id: `new-${i}-${j}`, sourceId: `new-${i}-${j}` } }));
      state = applyOps(state, ops);
      at = await store.write(state, ops, at, await store.head(), clock(2 + i), 2 + i);
    }
    expect(at.generation).not.toBe(first);
    expect(at.entries).toBe(0);
  });

  it('moves a base one chunk per command, never the whole base at once (tens of MB at scale, past the Redis command deadline)', async () => {
    const cache = new CommandSizes();
    const store = new SharedCopyStore<WaybillRecord>({ cache, key: 'k', keepMs: 3_600_000, chunkSize: 10 });
    const state = CopyState.of(INDEX_RULES.waybills, waybills, []);
    await store.write(state, [], null, undefined, clock(1), 1);
    const head = (await store.head())!;
    expect(head.chunks).toBeGreaterThan(3);
    expect(cache.mostWriting).toBe(1);
    const read = await store.read(head, null);
    expect(read?.reset?.records).toHaveLength(waybills.length);
    expect(Math.max(...cache.keysPerRead)).toBe(1);
  });
});
