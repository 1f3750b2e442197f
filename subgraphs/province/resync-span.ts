import type { Collection, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { inSpan, tracer } from '../../schema/telemetry/spans';

/** A re-sync of a province's copy of one collection in its own span: full (a whole pull) or incremental (changes since the newest update held). */
export function traceResync<T>(copy: { adapter: ProvinceAdapter; collection: Collection }, kind: 'full' | 'incremental' | 'first', run: () => Promise<T>): Promise<T> {
  const attributes = { 'yrd.province': copy.adapter.province, 'yrd.collection': copy.collection, 'yrd.sync.kind': kind };
  return inSpan(tracer('yrd-subgraph'), `re-sync ${copy.collection}`, { attributes }, run);
}
