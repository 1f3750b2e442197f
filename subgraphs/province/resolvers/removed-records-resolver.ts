import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { RemovedRecordConnection, RemovedRecordsArgs } from '../../../schema/province/removed';
import type { Page } from '../paging';
import type { ProvinceRequest } from '../province-request';
import type { RemovedRecordEntry } from '../removed-records';
import { removedRecordsPage } from '../removed-records-page';

@Resolver()
export class RemovedRecordsResolver {
  @Query(() => RemovedRecordConnection, { description: "Records removed from the sources, detected at or after `since`, oldest first: the exchange platform's tombstones.\n自 since 起检测到的、已从来源删除的记录，最早的在前。" })
  removedRecords(@Args(() => RemovedRecordsArgs) args: RemovedRecordsArgs, @Ctx() ctx: ProvinceRequest): Promise<Page<RemovedRecordEntry>> {
    // A reconciliation may add a tombstone at any moment: the answer is not to be reused.
    ctx.answerValidUntil(0);
    return removedRecordsPage(args, ctx.province, ctx.data.removed);
  }
}
