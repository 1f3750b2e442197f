import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode } from 'graphql';
import type { AccessRecorder, DeferredAccessEntry } from '../../../schema/access-log/recorder';
import { isEmptyTally, releasesOf } from '../../../schema/access-log/tally';
import type { AccessEntry, AccessKind } from '../../../schema/access-log/types';
import { headerText } from '../../http/operation-types';
import type { GatewayContext } from '../../context';

const KINDS: Partial<Record<OperationTypeNode, AccessKind>> = { [OperationTypeNode.QUERY]: 'QUERY', [OperationTypeNode.MUTATION]: 'MUTATION' };

/** The kind a finished request is recorded as, or null when it released, refused and wrote nothing under the catalog. */
function recordedKind(context: GatewayContext, as?: AccessKind): AccessKind | null {
  const { trace } = context;
  const executed = trace.operationKind ? KINDS[trace.operationKind] : undefined;
  const kind = executed === 'QUERY' && as ? as : executed;
  if (!kind || !trace.operationHash) return null;
  if ((!trace.access || isEmptyTally(trace.access)) && kind !== 'MUTATION') return null;
  return kind;
}

/**
 * The access record of a finished request, or null when it released, refused and wrote nothing
 * under the catalog. `as`: a query run to resolve a pushed event is recorded as that delivery.
 */
export function accessEntryOf(context: GatewayContext, clientName: string | null, at: Date, as?: AccessKind): AccessEntry | null {
  const kind = recordedKind(context, as);
  return kind ? entryOf(context, clientName, at, kind) : null;
}

function entryOf(context: GatewayContext, clientName: string | null, at: Date, kind: AccessKind): AccessEntry {
  const { trace, caller } = context;
  const access = trace.access;
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
    operationHash: trace.operationHash as string,
    kind,
    released,
    refused,
    outcome: !failed ? 'OK' : released.length > 0 ? 'PARTIAL' : 'ERROR',
  };
}

/**
 * What the request path keeps of a request to record: its context, client name and when its
 * answer was sent. The entry is built from them at the batch's flush, off the request path; the
 * context is not changed once the answer is sent, so the entry is the one built at that moment.
 */
class FinishedRequest implements DeferredAccessEntry {
  constructor(
    private readonly context: GatewayContext,
    private readonly clientName: string | null,
    private readonly kind: AccessKind,
    private readonly atMs: number,
  ) {}

  build(): AccessEntry {
    return entryOf(this.context, this.clientName, new Date(this.atMs), this.kind);
  }
}

/** Hands the request's access record to the recorder once its answer is sent (a push of a small object; the entry is built and written with the batch). */
export function recordAccessWhenDone(recorder: AccessRecorder, req: IncomingMessage, res: ServerResponse, context: GatewayContext): void {
  const clientName = headerText(req.headers['apollographql-client-name']).slice(0, 128) || null;
  res.once('finish', () => {
    const kind = recordedKind(context);
    if (kind) recorder.record(new FinishedRequest(context, clientName, kind, Date.now()));
  });
}
