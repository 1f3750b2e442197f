import os from 'node:os';
import { startBenchmarkSubgraphs } from '../gateways-benchmark/subgraphs/server';
import { BENCHMARK_QUERY, writeBenchmarkSupergraph } from '../gateways-benchmark/supergraph-file';
import { loadGatewayConfig } from '../../gateway/config';
import { compiledComputeResponse, stockShaping } from '../../gateway/executor/compiled-shaping';
import { startGateway } from '../../gateway/server';
import type { ResultTable } from '../lib/table';

/**
 * The CPU of one part of a request: shaping the final answer of a plan from its merged data
 * (issue 21), @apollo/gateway's walk against the compiled steps, on the very inputs a real request
 * of the gateways benchmark gave (captured from a gateway serving it, subgraphs on real HTTP), in
 * alternating blocks in one process. The whole request's CPU moves too little against the noise
 * of a loaded machine to show one part (cpu-per-request); this isolates it.
 */

type Shaping = typeof stockShaping;
type ShapingInput = Parameters<Shaping>[0];

export interface CpuShapingOptions {
  rounds: number;
  /** Calls per block; the blocks of the two walks alternate. */
  calls: number;
}

const VARIED_QUERY = BENCHMARK_QUERY.replace('query TestQuery {', 'query TestQuery($id: ID!) {\n  user(id: $id) { id name }');

async function capturedInputs(): Promise<Record<'benchmark' | 'varied', ShapingInput>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const resultShaping = require('@apollo/gateway/dist/resultShaping') as { computeResponse: Shaping };
  const original = resultShaping.computeResponse;
  const captured: ShapingInput[] = [];
  resultShaping.computeResponse = (parameters) => {
    captured.push(parameters);
    return original(parameters);
  };
  const subgraphs = await startBenchmarkSubgraphs();
  const gateway = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', SUBGRAPH_DEDUP: 'false', GATEWAY_INBOUND_DEDUP: 'false', RESPONSE_CACHE_MAX_MB: '0' }, ['--supergraph', writeBenchmarkSupergraph((name) => subgraphs.url(name))]));
  try {
    for (const body of [{ query: BENCHMARK_QUERY }, { query: VARIED_QUERY, variables: { id: '3' } }]) {
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`the gateway answered ${res.status}`);
    }
  } finally {
    resultShaping.computeResponse = original;
    await gateway.close();
    await subgraphs.close();
  }
  if (captured.length !== 2) throw new Error(`expected 2 answers shaped, got ${captured.length}`);
  return { benchmark: captured[0], varied: captured[1] };
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function block(shape: Shaping, input: ShapingInput, calls: number): number {
  const start = cpuUs();
  for (let i = 0; i < calls; i++) shape(input);
  return (cpuUs() - start) / calls / 1000;
}

export async function cpuShaping(options: CpuShapingOptions): Promise<ResultTable> {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const inputs = await capturedInputs();
  const rows: (string | number)[][] = [];
  for (const [load, input] of Object.entries(inputs)) {
    const same = JSON.stringify(stockShaping(input)) === JSON.stringify(compiledComputeResponse(input));
    const samples = { stock: [] as number[], compiled: [] as number[] };
    block(stockShaping, input, options.calls);
    block(compiledComputeResponse, input, options.calls);
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? (['stock', 'compiled'] as const) : (['compiled', 'stock'] as const);
      for (const walk of order) samples[walk].push(block(walk === 'stock' ? stockShaping : compiledComputeResponse, input, options.calls));
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [stock, compiled] = [mean(samples.stock), mean(samples.compiled)];
    rows.push([load, stock.toFixed(3), compiled.toFixed(3), (compiled / stock).toFixed(2), `${Math.min(...samples.compiled.map((c, i) => c / samples.stock[i])).toFixed(2)}–${Math.max(...samples.compiled.map((c, i) => c / samples.stock[i])).toFixed(2)}`, same ? 'yes' : 'NO']);
    console.error(`[cpu-shaping] ${load}: stock ${stock.toFixed(3)} ms, compiled ${compiled.toFixed(3)} ms per answer`);
  }
  const loadAtEnd = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  return {
    name: 'cpu-shaping',
    title: `Shaping one answer of the gateways benchmark: @apollo/gateway's walk against the compiled steps (${options.rounds} alternating rounds of ${options.calls} calls each)`,
    columns: ['load', "@apollo/gateway's walk, CPU ms per answer", 'compiled steps, CPU ms per answer', 'compiled ÷ stock', 'per round', 'same answer (JSON)'],
    rows,
    notes: [
      `Taken on a shared ${os.cpus().length}-core machine loaded by other engineers' work (load average at the start: ${loadAtStart}; at the end: ${loadAtEnd}). CPU is the process's user + system time (process.cpuUsage) over each block, garbage collection included, divided by the calls.`,
      'Inputs: the merged subgraph data, operation and variables of one real request each (benchmark: the benchmark query; varied: with `user(id: $id)`), captured from a gateway serving them with de-duplication off; the compiled steps are compiled on each call, as the gateway does per request.',
    ],
  };
}
