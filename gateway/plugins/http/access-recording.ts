import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode } from 'graphql';
import type { AccessRecorder } from '../../../schema/access-log/recorder';
import { isEmptyTally, releasesOf } from '../../../schema/access-log/tally';
import type { AccessEntry, AccessKind } from '../../../schema/access-log/types';
import { headerText } from '../../http/operation-types';
import type { GatewayContext } from '../../context';

const KINDS: Partial<Record<OperationTypeNode, AccessKind>> = { [OperationTypeNode.QUERY]: 'QUERY', [OperationTypeNode.MUTATION]: 'MUTATION' };

/**
 * The access record of a finished request, or null when it released, refused and wrote nothing
 * under the catalog. `as`: a query run to resolve a pushed event is recorded as that delivery.
 */
export function accessEntryOf(context: GatewayContext, clientName: string | null, at: Date, as?: AccessKind): AccessEntry | null {
  const { trace, caller } = context;
  const executed = trace.operationKind ? KINDS[trace.operationKind] : undefined;
  const kind = executed === 'QUERY' && as ? as : executed;
  const access = trace.access;
  if (!kind || !trace.operationHash) return null;
  if ((!access || isEmptyTally(access)) && kind !== 'MUTATION') return null;
  const released = access ? releasesOf(access.released) : [];
  const refused = access ? releasesOf(access.refused) : [];
  const failed = trace.errorCodes.length > 0;
  return {
    at: at.toISOString(),
    requestId: context.requestId,
    sub: caller?.sub ?? null,
    role: caller?.role ?? null,
    province: caller?.province ?? null,
    clientName,
    operationName: trace.operationName,
    operationHash: trace.operationHash,
    kind,
    released,
    refused,
    outcome: !failed ? 'OK' : released.length > 0 ? 'PARTIAL' : 'ERROR',
  };
}

/** Hands the request's access record to the recorder once its answer is sent (a push; the write is batched). */
export function recordAccessWhenDone(recorder: AccessRecorder, req: IncomingMessage, res: ServerResponse, context: GatewayContext): void {
  const clientName = headerText(req.headers['apollographql-client-name']).slice(0, 128) || null;
  res.once('finish', () => {
    const entry = accessEntryOf(context, clientName, new Date());
    if (entry) recorder.record(entry);
  });
}
