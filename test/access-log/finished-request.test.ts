import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OperationTypeNode } from 'graphql';
import type { GatewayContext } from '../../gateway/context';
import { recordAccessWhenDone } from '../../gateway/plugins/http/access-recording';
import { AccessRecorder } from '../../schema/access-log/recorder';
import type { AccessLogStore } from '../../schema/access-log/store';
import { countInto, newTally } from '../../schema/access-log/tally';
import type { AccessEntry, AccessLogHead, AccessRecord } from '../../schema/access-log/types';

/**
 * A request waiting for its batch keeps only what its record reads: its context (and all it
 * reaches) can be collected once the answer is sent, and the entry built at the flush is the same.
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Keeps the entries handed to it, unchained: only what the recorder hands over is under test. */
class KeptBatches implements AccessLogStore {
  readonly entries: AccessEntry[] = [];
  async append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    this.entries.push(...entries);
    return [];
  }
  async *scan(): AsyncIterable<AccessRecord> {}
  async head(): Promise<AccessLogHead | null> {
    return null;
  }
  async close(): Promise<void> {}
}

function contextOf(): GatewayContext {
  const access = newTally();
  countInto(access.released, 'HAZMAT_DETAIL', 'JS', 20);
  countInto(access.refused, 'VEHICLE_TRACK', 'ZJ', 3);
  return {
    requestId: 'req-1',
    caller: { sub: 'exchange-1', role: 'exchange', province: null },
    trace: { operationKind: OperationTypeNode.QUERY, operationHash: 'a'.repeat(64), operationName: 'Detail', access, errorCodes: [] },
    // What else a context reaches (span, clock, caches): here a large object, which must not be kept.
    span: { kept: new Array(10_000).fill('x') },
  } as unknown as GatewayContext;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

it('a finished request queued for its batch does not keep its context alive, and its entry is built at the flush as before', async () => {
  const writer = new KeptBatches();
  const recorder = new AccessRecorder(writer, { flushMs: 60_000 });
  const res = new EventEmitter() as unknown as ServerResponse;
  const req = { headers: { 'apollographql-client-name': 'audit-test' } } as unknown as IncomingMessage;
  let context: GatewayContext | null = contextOf();
  const weak = new WeakRef(context);
  recordAccessWhenDone(recorder, req, res, context);
  res.emit('finish');
  context = null;
  await nextTurn();
  collectGarbage();
  expect(recorder.pending).toBe(1);
  expect(weak.deref()).toBeUndefined();

  await recorder.flush();
  expect(writer.entries).toEqual([
    expect.objectContaining({
      requestId: 'req-1',
      sub: 'exchange-1',
      role: 'exchange',
      province: null,
      clientName: 'audit-test',
      operationName: 'Detail',
      operationHash: 'a'.repeat(64),
      kind: 'QUERY',
      released: [{ entry: 'HAZMAT_DETAIL', province: 'JS', records: 20 }],
      refused: [{ entry: 'VEHICLE_TRACK', province: 'ZJ', records: 3 }],
      outcome: 'OK',
    }),
  ]);
});
