import { AccessLogIndex } from '../../schema/access-log/access-index';
import type { AccessRecordFilter } from '../../schema/access-log/search';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import type { AccessRecord } from '../../schema/access-log/types';
import { verifyAccessLog } from '../../schema/access-log/verify';
import type { HeadSigner } from '../../schema/registry/signing';
import { assertCanReadAccessLog, type RegistryContext } from './access';
import { assertFirst, decodeCursor, encodeCursor, type PageArgs } from './paging';

/** accessRecords (answered from the index, which follows the writers) and verifyAccessLog: role `auditor` only. */
export function accessLogResolvers(store: SegmentedAccessLogStore, signer: HeadSigner | null = null, index: AccessLogIndex = new AccessLogIndex(store)) {
  return {
    query: {
      accessRecords: async (_: unknown, { filter, first, after }: PageArgs & { filter?: AccessRecordFilter | null }, context: RegistryContext) => {
        assertCanReadAccessLog(context);
        assertFirst(first);
        const before = after ? decodeCursor('access', after) : Infinity;
        const found = await index.search(filter ?? {}, first, before);
        const edges = found.records.map((node) => ({ cursor: encodeCursor('access', node.seq), node }));
        return { edges, pageInfo: { hasNextPage: found.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, totalCount: found.totalCount };
      },
      verifyAccessLog: async (_: unknown, __: unknown, context: RegistryContext) => {
        assertCanReadAccessLog(context);
        const { segments, ...verification } = await verifyAccessLog(store, signer);
        return { ...verification, segments: segments.map((s) => ({ ...s, firstRecord: s.firstSeq, lastRecord: s.lastSeq })) };
      },
    },
    AccessRecord: {
      id: (record: AccessRecord) => String(record.seq),
    },
  };
}
