import type { Collection, CollectionRecord, Mapped, ProvinceAdapter } from '../../../adapters/kit/province-adapter';
import type { CopiedRecord, CopyState } from './copy-state';

/** A record that cannot be mapped and whose id cannot be read either: named by its position in one answer. */
const isAnonymous = (sourceId: string): boolean => sourceId.startsWith('(record ');

/** What the copy holds that a full pull did not list: read by key, what the system still has is `found`, the rest `gone`. */
export async function unlistedRecords<C extends Collection, X>(
  adapter: ProvinceAdapter,
  collection: C,
  state: CopyState<CollectionRecord[C] & CopiedRecord, X>,
  pulled: Mapped<CollectionRecord[C]>,
): Promise<{ found: Mapped<CollectionRecord[C]>; gone: Set<string> }> {
  const listed = new Set([...pulled.records.map((r) => r.sourceId), ...pulled.invalid.map((i) => i.sourceId)]);
  const held = [...state.sourceIds(), ...state.invalid.keys()];
  const candidates = held.filter((id) => !listed.has(id));
  const named = candidates.filter((id) => !isAnonymous(id));
  const found = named.length > 0 ? await adapter.get(collection, named) : { records: [], invalid: [] };
  const still = new Set([...found.records.map((r) => r.sourceId), ...found.invalid.map((i) => i.sourceId)]);
  return { found, gone: new Set(candidates.filter((id) => !still.has(id))) };
}
