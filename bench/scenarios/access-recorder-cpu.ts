import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { accessEntryOf, recordAccessWhenDone } from '../../gateway/plugins/http/access-recording';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { chainRecords } from '../../schema/access-log/record-hash';
import { AccessRecorder } from '../../schema/access-log/recorder';
import type { AccessLogStore } from '../../schema/access-log/store';
import { mergeTally, newTally } from '../../schema/access-log/tally';
import type { AccessEntry } from '../../schema/access-log/types';
import { realAccessContexts, type RealAccessContext } from '../lib/real-access-contexts';
import type { ResultTable } from '../lib/table';

export interface RecorderCpuOptions {
  /** Requests played per part and round. */
  requests: number;
  rounds: number;
  /** Records per batch written to the file store (a 200 ms batch at 400 requests/s holds 80). */
  batch: number;
}

/** Microseconds a request (or record) of `work`, timed over `n` of them. */
function perRequest(n: number, work: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) work(i);
  return ((performance.now() - start) * 1000) / n;
}

/** A store that takes batches and keeps nothing: the recorder's own queueing, without writes. */
const NOWHERE: AccessLogStore = { append: () => Promise.resolve([]), scan: async function* () {}, head: () => Promise.resolve(null), close: () => Promise.resolve() } as unknown as AccessLogStore;

const requestOf = (): IncomingMessage => ({ headers: { 'apollographql-client-name': 'bench' } }) as unknown as IncomingMessage;

/** The parts of the recorder's work on the request's event loop, each timed alone over the same real contexts. */
function requestPathParts(samples: RealAccessContext[], n: number): Record<string, number> {
  const at = new Date();
  const ctx = (i: number) => samples[i % samples.length];
  const queued = new AccessRecorder(NOWHERE, { flushMs: 60_000, maxBatch: Number.MAX_SAFE_INTEGER });
  const entries = samples.map((s) => accessEntryOf(s.context, 'bench', at)!);
  const parts: Record<string, number> = {
    'merging the shards\' catalogAccess reports (shard router)': perRequest(n, (i) => {
      const tally = newTally();
      for (const report of ctx(i).reports) mergeTally(tally, report);
    }),
    'the hook: client name, a finish listener per response': perRequest(n, (i) => {
      const res = new EventEmitter() as unknown as ServerResponse;
      recordAccessWhenDone(queued, requestOf(), res, { ...ctx(i).context, trace: { operationName: null, errorCodes: [] } });
      res.emit('finish');
    }),
    'the timestamp (new Date().toISOString())': perRequest(n, () => void new Date().toISOString()),
    'building the entry (accessEntryOf: releases sorted, outcome)': perRequest(n, (i) => void accessEntryOf(ctx(i).context, 'bench', at)),
    'queueing it (AccessRecorder.record)': perRequest(n, (i) => queued.record(entries[i % entries.length])),
    'the whole hook, finish to queued': perRequest(n, (i) => {
      const res = new EventEmitter() as unknown as ServerResponse;
      recordAccessWhenDone(queued, requestOf(), res, ctx(i).context);
      res.emit('finish');
    }),
  };
  void queued.flush();
  return parts;
}

/** Per record: chaining (canonical JSON, sha256, the stored line), and a whole file-store batch (lock, tail, write, fsync) as event-loop busy time. */
async function batchParts(entries: AccessEntry[], n: number, batch: number, file: string): Promise<Record<string, number>> {
  const batches = Array.from({ length: Math.max(1, Math.round(n / batch)) }, (_, b) => Array.from({ length: batch }, (_, i) => entries[(b * batch + i) % entries.length]));
  const chaining = perRequest(batches.length, (b) => void chainRecords({ seq: b, hash: 'a'.repeat(64) }, batches[b])) / batch;
  const store = new FileAccessLogStore({ file });
  const before = performance.eventLoopUtilization();
  const wallStart = performance.now();
  for (const entriesOfBatch of batches) await store.append(entriesOfBatch);
  const wallMs = performance.now() - wallStart;
  const busy = performance.eventLoopUtilization(before);
  const records = batches.length * batch;
  const singles = entries.slice(0, 1);
  const beforeSingles = performance.eventLoopUtilization();
  for (let b = 0; b < 50; b++) await store.append(singles);
  const fixed = performance.eventLoopUtilization(beforeSingles);
  return {
    'chaining a record (canonical JSON, sha256, stored line)': chaining,
    'a file-store batch, per record: event loop busy (lock, checkpoints, tail, chain, write, fsync callbacks)': (busy.active * 1000) / records,
    'a file-store batch of 1 record, event loop busy (the fixed cost of any batch, per batch)': (fixed.active * 1000) / 50,
    'a file-store batch, per record: wall time (fsync waits in the thread pool)': (wallMs * 1000) / records,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function accessRecorderCpu(options: RecorderCpuOptions): Promise<ResultTable> {
  const samples = await realAccessContexts();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-recorder-cpu-'));
  const at = new Date();
  const entries = samples.map((s) => accessEntryOf(s.context, 'bench', at)).filter((e): e is AccessEntry => e !== null);
  const rounds: Record<string, number>[] = [];
  try {
    for (let r = 0; r < options.rounds; r++) {
      rounds.push({ ...requestPathParts(samples, options.requests), ...(await batchParts(entries, options.requests, options.batch, path.join(dir, `round-${r}.jsonl`))) });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const names = Object.keys(rounds[0]);
  const load = loadavg();
  return {
    name: 'access-recorder-cpu',
    title: `The access recorder's CPU per request on the gateway's event loop: ${samples.length} real contexts of the e2e access queries, ${options.requests} requests per part, median of ${options.rounds} rounds`,
    columns: ['part', 'µs per request (median)', 'min', 'max'],
    rows: names.map((name) => {
      const xs = rounds.map((r) => r[name]);
      return [name, round2(median(xs)), round2(Math.min(...xs)), round2(Math.max(...xs))];
    }),
    notes: [
      `Contexts: ${samples.length} requests through a real test federation (Detail as exchange and as app in four provinces, a cross-province waybill list with two entries), kept as they stand when the answer is sent, with each shard's catalogAccess report. Released entries per record: ${entries.map((e) => e.released.length + e.refused.length).join(', ')}.`,
      `File-store batches of ${options.batch} records (a 200 ms batch at 400 requests/s); "event loop busy" is performance.eventLoopUtilization's active time over the appends, divided by records.`,
      `Taken on a shared 2-core machine (load average ${load.map((l) => l.toFixed(1)).join(', ')} at the end): the parts ran one after another in each round, so compare them within the table.`,
    ],
  };
}
