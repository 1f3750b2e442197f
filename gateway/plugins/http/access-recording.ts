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
  return kind ? entryOf(factsOf(context), clientName, at, kind) : null;
}

/** What a recorded request's entry is made of: no more of its context than the entry reads, so that nothing else of the request is kept until the batch's flush. */
interface RecordedFacts {
  requestId: string;
  sub: string | null;
  role: string | null;
  province: AccessEntry['province'];
  operationName: string | null;
  operationHash: string;
  access: GatewayContext['trace']['access'];
  failed: boolean;
}

function factsOf(context: GatewayContext): RecordedFacts {
  const { trace, caller } = context;
  return {
    requestId: context.requestId,
    sub: caller?.sub ?? null,
    role: caller?.role ?? null,
    province: caller?.province ?? null,
    operationName: trace.operationName,
    operationHash: trace.operationHash as string,
    access: trace.access,
    failed: trace.errorCodes.length > 0,
  };
}

function entryOf(facts: RecordedFacts, clientName: string | null, at: Date, kind: AccessKind): AccessEntry {
  const { access } = facts;
  const released = access ? releasesOf(access.released) : [];
  const refused = access ? releasesOf(access.refused) : [];
  return {
    at: at.toISOString(),
    requestId: facts.requestId,
    sub: facts.sub,
    role: facts.role,
    province: facts.province,
    clientName,
    operationName: facts.operationName,
    operationHash: facts.operationHash,
    kind,
    released,
    refused,
    outcome: !facts.failed ? 'OK' : released.length > 0 ? 'PARTIAL' : 'ERROR',
  };
}

/**
 * What the request path keeps of a request to record: the facts its entry reads (not its
 * context: a context kept until the flush outlives a young-generation collection or two, and is
 * copied by each), its client name and when its answer was sent. The entry is built from them at
 * the batch's flush, off the request path; the context is not changed once the answer is sent,
 * so the entry is the one built at that moment.
 */
class FinishedRequest implements DeferredAccessEntry {
  constructor(
    private readonly facts: RecordedFacts,
    private readonly clientName: string | null,
    private readonly kind: AccessKind,
    private readonly atMs: number,
  ) {}

  build(): AccessEntry {
    return entryOf(this.facts, this.clientName, new Date(this.atMs), this.kind);
  }
}

/** Hands the request's access record to the recorder once its answer is sent (a push of a small object; the entry is built and written with the batch). */
export function recordAccessWhenDone(recorder: AccessRecorder, req: IncomingMessage, res: ServerResponse, context: GatewayContext): void {
  const clientName = headerText(req.headers['apollographql-client-name']).slice(0, 128) || null;
  res.once('finish', () => {
    const kind = recordedKind(context);
    if (kind) recorder.record(new FinishedRequest(factsOf(context), clientName, kind, Date.now()));
  });
}
