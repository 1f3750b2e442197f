import os from 'node:os';
import { Pool } from 'undici';
import { Http1Pool } from '../../gateway/http/http1-pool';
import { requestWhole, type WholeResponse } from '../../gateway/http/whole-response';
import { startSubgraphs } from './gateway-throughput';
import type { ResultTable } from '../lib/table';

/**
 * The client's CPU of one subgraph fetch (issue 21): undici's pool read whole (requestWhole, the
 * gateway's transport before session 33) against Http1Pool, both to the gateways benchmark's
 * subgraphs in their own process, the same request (the reviews of five products, a 4 KB answer)
 * with as many in flight as the benchmark's gateway has. Alternating blocks in this process;
 * process.cpuUsage (user + system) per fetch, the answer's text decoded but not parsed.
 */

export interface CpuFetchClientOptions {
  rounds: number;
  /** Fetches per block. */
  calls: number;
  /** Fetches in flight. */
  concurrency: number;
  /** The build the subgraphs run from (default this project's dist/). */
  dist?: string;
}

const BODY = JSON.stringify({
  query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{reviews{id body author{id}}}}}',
  variables: { representations: [1, 2, 3, 4, 5].map((upc) => ({ __typename: 'Product', upc: String(upc) })) },
});
const HEADERS = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${'t'.repeat(200)}` };

type Send = () => Promise<WholeResponse>;

async function block(send: Send, calls: number, concurrency: number): Promise<{ us: number; bytes: number }> {
  let started = 0;
  let bytes = 0;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < calls) {
        const res = await send();
        if (res.statusCode !== 200 || !res.text.includes('_entities')) throw new Error(`unexpected answer ${res.statusCode}: ${res.text.slice(0, 200)}`);
        bytes = Buffer.byteLength(res.text);
      }
    }),
  );
  const used = process.cpuUsage(start);
  return { us: (used.user + used.system) / calls, bytes };
}

export async function cpuFetchClient(options: CpuFetchClientOptions): Promise<ResultTable> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const subgraphs = await startSubgraphs(options.dist);
  const origin = new URL(subgraphs.url('reviews')).origin;
  const undici = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const ours = new Http1Pool(origin, { connections: 64 });
  const request = { method: 'POST' as const, path: '/reviews', headers: HEADERS, body: BODY };
  const clients: Record<'undici' | 'ours', Send> = {
    undici: () => requestWhole(undici, request),
    ours: () => ours.request(request),
  };
  const kinds = ['undici', 'ours'] as const;
  const samples = { undici: [] as number[], ours: [] as number[] };
  let bytes = 0;
  try {
    for (const which of kinds) await block(clients[which], options.calls, options.concurrency);
    for (let round = 0; round < options.rounds; round++) {
      for (const which of round % 2 === 0 ? kinds : [...kinds].reverse()) {
        const sample = await block(clients[which], options.calls, options.concurrency);
        samples[which].push(sample.us);
        bytes = sample.bytes;
      }
    }
  } finally {
    await Promise.all([undici.close(), ours.close()]);
    await subgraphs.stop();
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratios = samples.ours.map((o, i) => o / samples.undici[i]);
  const [before, after] = [mean(samples.undici), mean(samples.ours)];
  console.error(`[cpu-fetch-client] undici ${before.toFixed(1)} µs, Http1Pool ${after.toFixed(1)} µs per fetch`);
  return {
    name: 'cpu-fetch-client',
    title: `The client's CPU of one subgraph fetch: undici's pool read whole against Http1Pool (${options.rounds} alternating rounds of ${options.calls} fetches, ${options.concurrency} in flight)`,
    columns: ['answer bytes', "undici Pool + requestWhole (before), CPU µs per fetch", 'Http1Pool (after)', 'after ÷ before', 'per round', 'saved µs per fetch'],
    rows: [[bytes, before.toFixed(1), after.toFixed(1), (after / before).toFixed(2), `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`, (before - after).toFixed(1)]],
    notes: [
      `Taken on a ${os.cpus().length}-core machine (load average at the start: ${loadAtStart}; at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}). The subgraphs' process shares the cores; only this process's CPU is counted.`,
      'The gateway makes about 7 such fetches per answer of the benchmark query and 8 shard fetches per cross-region answer.',
    ],
  };
}
