import os from 'node:os';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { ForwardingDataSource } from '../../gateway/plugins/fetch/forwarding';
import type { ResultTable } from '../lib/table';

/**
 * The CPU of one subgraph fetch inside the gateway (issue 21): stock RemoteGraphQLDataSource
 * against our ForwardingDataSource, which sends without node-fetch's Request
 * (gateway/plugins/fetch/lean-send-request.ts). The fetcher answers from memory, so only the data
 * source's own work counts: headers, the request's JSON, the answer's parse. Alternating blocks in
 * one process; the whole request's CPU is too noisy on a loaded machine to show a few per cent.
 */

export interface CpuSendRequestOptions {
  rounds: number;
  /** Fetches per block. */
  calls: number;
}

type Source = RemoteGraphQLDataSource;
type FetchResponse = Awaited<ReturnType<Source['fetcher']>>;

/** An entity fetch the size of the gateways benchmark's largest: 96 product representations and their answers. */
function entityFetch(size: number): { variables: Record<string, unknown>; answer: string } {
  const representations = Array.from({ length: size }, (_, i) => ({ __typename: 'Product', upc: String((i % 5) + 1) }));
  const entities = representations.map((r) => ({ __typename: 'Product', upc: r.upc, name: `Table ${r.upc}`, price: 899, weight: 100, inStock: true, shippingEstimate: 50 }));
  return { variables: { representations }, answer: JSON.stringify({ data: { _entities: entities } }) };
}

function memoryFetcher(answer: string): Source['fetcher'] {
  const headers = new Map([['content-type', 'application/json']]);
  const response = { ok: true, status: 200, statusText: 'OK', url: 'http://subgraph/graphql', redirected: false, bodyUsed: false, headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null }, json: async () => JSON.parse(answer) as unknown, text: async () => answer };
  return (async () => response as unknown as FetchResponse) as unknown as Source['fetcher'];
}

/** Ours as it was before: ForwardingDataSource with @apollo/gateway's own sendRequest. */
class ForwardingWithStockSend extends ForwardingDataSource {}
Object.defineProperty(ForwardingWithStockSend.prototype, 'sendRequest', { value: (RemoteGraphQLDataSource.prototype as unknown as { sendRequest: unknown }).sendRequest });

const QUERY = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{name price weight inStock shippingEstimate}}}';

async function block(source: Source, variables: Record<string, unknown>, calls: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const options = { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query: QUERY, variables, operationName: 'Q' }, incomingRequestContext: {}, context: { requestId: 'r1', authorization: 'Bearer t' }, pathInIncomingRequest: [] };
    await source.process(options as unknown as Parameters<Source['process']>[0]);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls / 1000;
}

export async function cpuSendRequest(options: CpuSendRequestOptions): Promise<ResultTable> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const rows: (string | number)[][] = [];
  for (const size of [1, 12, 96]) {
    const { variables, answer } = entityFetch(size);
    const fetcher = memoryFetcher(answer);
    const url = 'http://subgraph/graphql';
    const sources = { stock: new RemoteGraphQLDataSource({ url, fetcher }), before: new ForwardingWithStockSend({ url, fetcher, subgraph: 'products' }), ours: new ForwardingDataSource({ url, fetcher, subgraph: 'products' }) };
    const kinds = ['stock', 'before', 'ours'] as const;
    const samples = { stock: [] as number[], before: [] as number[], ours: [] as number[] };
    for (const which of kinds) await block(sources[which], variables, options.calls);
    for (let round = 0; round < options.rounds; round++) {
      for (const which of round % 2 === 0 ? kinds : [...kinds].reverse()) samples[which].push(await block(sources[which], variables, options.calls));
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [stock, before, ours] = kinds.map((k) => mean(samples[k]));
    const ratios = samples.ours.map((o, i) => o / samples.before[i]);
    const us = (ms: number): string => (ms * 1000).toFixed(1);
    rows.push([size, us(stock), us(before), us(ours), (ours / before).toFixed(2), `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`, (ours / stock).toFixed(2)]);
    console.error(`[cpu-send-request] ${size} representations: stock ${us(stock)} µs, ours before ${us(before)} µs, ours ${us(ours)} µs per fetch`);
  }
  const loadAtEnd = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  return {
    name: 'cpu-send-request',
    title: `One subgraph entity fetch in the gateway: stock RemoteGraphQLDataSource against ours without node-fetch's Request (${options.rounds} alternating rounds of ${options.calls} fetches each)`,
    columns: ['representations', 'stock RemoteGraphQLDataSource, CPU µs per fetch', "ours with @apollo/gateway's sendRequest (before)", 'ours without node-fetch Request (after)', 'after ÷ before', 'per round', 'after ÷ stock'],
    rows,
    notes: [
      `Taken on a shared ${os.cpus().length}-core machine loaded by other engineers' work (load average at the start: ${loadAtStart}; at the end: ${loadAtEnd}). CPU is the process's user + system time (process.cpuUsage) over each block, garbage collection included, divided by the fetches.`,
      "The fetcher answers from memory (no socket): what is measured is the data source's process() and sendRequest(): the request's headers (node-fetch Headers in both), its JSON, and the answer's JSON.parse. Ours (before and after) also forwards the request id and token (willSendRequest) and keeps the answer's text (didReceiveResponse), which stock does not; before and after differ by sendRequest alone.",
    ],
  };
}
