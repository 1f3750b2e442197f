import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRegistryStoreConfig } from '../../schema/config/shared-config';
import { FileUsageStore } from '../../schema/usage/file-usage-store';
import { openUsageStore } from '../../schema/usage/open-usage-store';
import type { UsageEntry } from '../../schema/usage/types';

/** The usage file keeps USAGE_KEEP_DAYS days (default 90, today included): older days are pruned at the first write of a day. */

const NOW = new Date('2026-12-03T10:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString().slice(0, 10);
const entry = (day: string, operationHash: string, count = 1): UsageEntry => ({ day, client: 'dispatch-console', operationName: 'Detail', operationHash, coordinates: ['Query.hazmat'], count });

describe('the usage file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'usage-prune-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as UsageEntry);

  it('drops the days older than the kept ones at the first write of a day, and merges what it keeps', async () => {
    const file = path.join(dir, 'history.usage.jsonl');
    const old = [entry(daysAgo(200), 'a'), entry(daysAgo(90), 'b'), entry(daysAgo(89), 'c'), entry(daysAgo(89), 'c', 4), entry(daysAgo(1), 'd')];
    await writeFile(file, `${old.map((e) => JSON.stringify(e)).join('\n')}\n`);
    let now = NOW;
    const store = new FileUsageStore(file, { now: () => now });
    await store.record([entry(daysAgo(0), 'e')]);
    expect((await lines(file)).map((e) => [e.operationHash, e.count])).toEqual([
      ['c', 5],
      ['d', 1],
      ['e', 1],
    ]);
    await store.record([entry(daysAgo(0), 'e', 2)]);
    expect(await lines(file)).toHaveLength(4);
    now = new Date(NOW.getTime() + 86_400_000);
    await store.record([entry(daysAgo(-1), 'f')]);
    expect((await lines(file)).map((e) => [e.operationHash, e.count])).toEqual([
      ['d', 1],
      ['e', 3],
      ['f', 1],
    ]);
    expect((await store.seenSince(new Date(0))).map((e) => e.operationHash)).toEqual(['d', 'e', 'f']);
  });

  it('keeps USAGE_KEEP_DAYS days through the configuration module', async () => {
    const file = path.join(dir, 'history.jsonl');
    const usageFile = path.join(dir, 'history.usage.jsonl');
    const config = loadRegistryStoreConfig({ REGISTRY_FILE: file, USAGE_KEEP_DAYS: '7' });
    expect(config.usageKeepDays).toBe(7);
    expect(loadRegistryStoreConfig({ REGISTRY_FILE: file }).usageKeepDays).toBe(90);
    expect(() => loadRegistryStoreConfig({ REGISTRY_FILE: file, USAGE_KEEP_DAYS: '0' })).toThrow(/USAGE_KEEP_DAYS/);
    const today = new Date().toISOString().slice(0, 10);
    const ago = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await writeFile(usageFile, `${[entry(ago(7), 'old'), entry(ago(6), 'kept')].map((e) => JSON.stringify(e)).join('\n')}\n`);
    const store = openUsageStore(config);
    await store.record([entry(today, 'new')]);
    expect((await lines(usageFile)).map((e) => e.operationHash)).toEqual(['kept', 'new']);
    await store.close();
  });
});
