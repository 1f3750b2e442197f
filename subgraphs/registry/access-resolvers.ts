import type { AccessRecordFilter } from '../../schema/access-log/search';
import { searchAccessRecords } from '../../schema/access-log/search';
import type { AccessLogStore } from '../../schema/access-log/store';
import type { AccessRecord } from '../../schema/access-log/types';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import type { HeadSigner } from '../../schema/registry/signing';
import { assertCanReadAccessLog, type RegistryContext } from './access';
import { assertFirst, decodeCursor, encodeCursor, type PageArgs } from './paging';

/** accessRecords and verifyAccessLog: role `auditor` only. */
export function accessLogResolvers(store: AccessLogStore, signer: HeadSigner | null = null) {
  return {
    query: {
      accessRecords: async (_: unknown, { filter, first, after }: PageArgs & { filter?: AccessRecordFilter | null }, context: RegistryContext) => {
        assertCanReadAccessLog(context);
        assertFirst(first);
        const before = after ? decodeCursor('access', after) : Infinity;
        const found = await searchAccessRecords(store.scan(), filter ?? {}, first, before);
        const edges = found.records.map((node) => ({ cursor: encodeCursor('access', node.seq), node }));
        return { edges, pageInfo: { hasNextPage: found.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, totalCount: found.totalCount };
      },
      verifyAccessLog: async (_: unknown, __: unknown, context: RegistryContext) => {
        assertCanReadAccessLog(context);
        const { head: _head, ...verification } = await verifyAccessRecords(store.scan(), signer);
        return verification;
      },
    },
    AccessRecord: {
      id: (record: AccessRecord) => String(record.seq),
    },
  };
}
