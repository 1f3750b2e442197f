import { badArgument } from '../../schema/argument-checks';
import { PROVINCE_CODES } from '../../schema/model';
import { removedRecordKey } from '../../schema/orders';
import type { RemovedRecordsArgs } from '../../schema/province/removed';
import { checkAfter, checkFirst, paginate, type Page } from './paging';
import { TYPE_OF_COLLECTION, type RemovedRecordEntry, type RemovedRecords } from './removed-records';

/** Every type and source of removedRecords: the provinces' four types and the credit platform's sanctions. */
const TYPES: readonly string[] = [...Object.values(TYPE_OF_COLLECTION), 'CreditSanction'];
const SOURCES: readonly string[] = [...PROVINCE_CODES, 'CR'];

function checkNames(argument: string, asked: readonly string[] | null | undefined, known: readonly string[]): void {
  asked?.forEach((name, i) => {
    if (!known.includes(name)) throw badArgument(`${argument}.${i}`, `"${name}" is not one of ${known.join(', ')}`);
  });
}

/**
 * One page of one source's tombstones, as every shard of removedRecords answers it (a province
 * subgraph its own, the credit subgraph CR's): empty when `sources` leaves this source out, so that
 * the shard router can ask every shard the same field and merge the pages by their cursors.
 */
export async function removedRecordsPage({ since, types, sources, first, after }: RemovedRecordsArgs, source: string, removed: RemovedRecords): Promise<Page<RemovedRecordEntry>> {
  checkNames('types', types, TYPES);
  checkNames('sources', sources, SOURCES);
  const n = checkFirst(first);
  const afterKey = checkAfter(after, 'removedRecords');
  const wanted = !sources || sources.includes(source);
  const items = wanted ? (await removed.since(since, types)).map((r) => ({ node: r, key: removedRecordKey(r) })) : [];
  return paginate(items, 'removedRecords', n, afterKey, null);
}
