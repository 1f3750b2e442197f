import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { badArgument } from '../../../schema/argument-checks';
import { PROVINCE_CODES } from '../../../schema/model';
import { removedRecordKey } from '../../../schema/orders';
import { RemovedRecordConnection, RemovedRecordsArgs } from '../../../schema/province/removed';
import { checkAfter, checkFirst, paginate, type Page } from '../paging';
import type { ProvinceRequest } from '../province-request';
import { TYPE_OF_COLLECTION, type RemovedRecordEntry } from '../removed-records';

/** The types and sources a province subgraph keeps tombstones of (the credit platform's come later). */
const TYPES: readonly string[] = Object.values(TYPE_OF_COLLECTION);
const SOURCES: readonly string[] = PROVINCE_CODES;

function checkNames(argument: string, asked: readonly string[] | null | undefined, known: readonly string[]): void {
  asked?.forEach((name, i) => {
    if (!known.includes(name)) throw badArgument(`${argument}.${i}`, `"${name}" is not one of ${known.join(', ')}`);
  });
}

@Resolver()
export class RemovedRecordsResolver {
  @Query(() => RemovedRecordConnection, { description: "Records removed from the sources, detected at or after `since`, oldest first: the exchange platform's tombstones.\n自 since 起检测到的、已从来源删除的记录，最早的在前。" })
  async removedRecords(@Args(() => RemovedRecordsArgs) { since, types, sources, first, after }: RemovedRecordsArgs, @Ctx() ctx: ProvinceRequest): Promise<Page<RemovedRecordEntry>> {
    checkNames('types', types, TYPES);
    checkNames('sources', sources, SOURCES);
    const n = checkFirst(first);
    const afterKey = checkAfter(after, 'removedRecords');
    // A reconciliation may add a tombstone at any moment: the answer is not to be reused.
    ctx.answerValidUntil(0);
    const wanted = !sources || sources.includes(ctx.province);
    const items = wanted ? (await ctx.data.removed.since(since, types)).map((r) => ({ node: r, key: removedRecordKey(r) })) : [];
    return paginate(items, 'removedRecords', n, afterKey, null);
  }
}
