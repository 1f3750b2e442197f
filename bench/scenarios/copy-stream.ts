import v8 from 'node:v8';
import vm from 'node:vm';
import type { Collection, CollectionRecord, Pulled } from '../../adapters/kit/province-adapter';
import { PROVINCE_CODES } from '../../schema/model';
import { loadDataset } from '../../simulators/dataset';
import { SyntheticStream } from '../../simulators/dataset/synthetic-stream';
import { ProvinceData } from '../../subgraphs/province/province-data';
import { DatasetAdapter, DATASET_NOW } from '../../test/fixtures/dataset-adapter';
import { ManualClock } from '../../test/support/manual-clock';
import type { ResultTable } from '../lib/table';

/**
 * Issue 27's synthetic scale (1,000): the four provinces' copies pulled from a data set made page by
 * page from a seed (simulators/dataset/synthetic-stream.ts), so that no data set is held beside the
 * copies: per collection, the records, the heap the copies add per record after a GC, and the first
 * pull's CPU; then one quiet re-sync of every copy. No cache, no pages, no changes: copy-cost-stream
 * runs the quiet and busy minutes and the restart on the stream, over HTTP.
 */

const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

const gc = (): void => {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
};

/** The test adapter with no records of its own: a full pull reads the stream's pages, an incremental one finds nothing changed. */
class StreamAdapter extends DatasetAdapter {
  constructor(
    province: (typeof PROVINCE_CODES)[number],
    private readonly stream: SyntheticStream,
  ) {
    const none = loadDataset({ seed: 'test', now: DATASET_NOW, scale: 1 });
    super(province, { ...none, warnings: [], enterprises: [], waybills: [], bases: [], trackPoints: [], bad: [] });
  }

  override async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    const records: CollectionRecord[C][] = [];
    if (since === null) for (const page of this.stream.pages(collection, this.province, 1000)) for (const r of page) records.push(r as CollectionRecord[C]);
    return { records, invalid: [] };
  }
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

export async function copyStream(options: { scale: number }): Promise<ResultTable> {
  const stream = new SyntheticStream({ seed: 'test', now: DATASET_NOW, scale: options.scale });
  const clock = new ManualClock(DATASET_NOW);
  const provinces = PROVINCE_CODES.map((p) => new ProvinceData({ adapter: new StreamAdapter(p, stream), clock }));
  const rows: (string | number)[][] = [];
  for (const c of COLLECTIONS) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const cpu = process.cpuUsage();
    let records = 0;
    for (const p of provinces) records += (await p.replicas[c].read()).size;
    const pullMs = cpuMs(process.cpuUsage(cpu));
    gc();
    rows.push([options.scale, c, records, ((process.memoryUsage().heapUsed - before) / Math.max(1, records)).toFixed(0), (pullMs / 1000).toFixed(1)]);
  }
  clock.advance(61_000);
  const cpu = process.cpuUsage();
  for (const p of provinces) for (const c of COLLECTIONS) await p.replicas[c].read();
  const quiet = cpuMs(process.cpuUsage(cpu)).toFixed(0);
  return {
    name: 'copy-stream',
    title: 'The copies at a synthetic scale, pulled from a data set made page by page (four provinces in one process)',
    columns: ['SIM_SCALE', 'collection', 'records', 'heap bytes per record (target 1,500)', 'first pull CPU s'],
    rows,
    notes: [
      `one quiet re-sync of every copy (nothing changed): ${quiet} ms of CPU`,
      'heap per record: the heap a collection\'s copies add, after a GC, without a cache. The synthetic records repeat the canonical scale-1 records\' contents (with their own ids and times), so the shared pools share more than real data would: a lower bound',
      'the quiet minute with pages, the minute with 1 % changing and the restart from Redis on this data set, end to end over HTTP: `npm run bench -- copy-cost-stream` (bench/results/copy-cost-stream-<scale>.md)',
      'taken on a shared machine loaded by other engineers: compare rows of one run, not absolute times',
    ],
  };
}
