import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Two builds of the project measured against each other in one run, for a before/after that a
 * shared, noisy machine cannot fake: `node dist/bench/compare-builds.js <before-root> <after-root>
 * [rounds]` runs `bench/run.js gateway-throughput fan-out-latency` of each checkout (built with
 * `npx tsc -p tsconfig.build.json`) in turn, the order swapped every round (A B, B A, A B, …), so
 * that drift falls on both alike; then prints every figure's median over the rounds and the ratio
 * after ÷ before. Our gateway alone (BENCH_GATEWAYS=ours), one worker; BENCH_DURATION_S as given
 * (default 15). Each run writes its tables to its checkout's bench/results. The figures of our own
 * gateway only are compared; the peers' rows are left out (BENCH_GATEWAYS=ours) to keep a round short.
 */

const SCENARIOS = ['gateway-throughput', 'fan-out-latency'];

/** The figures compared, read from the printed tables: name → how to find it in a table row. */
const FIGURES: { name: string; row: (cells: string[]) => boolean; column: number; better: 'higher' | 'lower' }[] = [
  { name: 'throughput, benchmark load, req/s', row: (c) => c[1] === 'benchmark' && c[2].startsWith('ours (every feature on'), column: 3, better: 'higher' },
  { name: 'throughput, benchmark load, p99 ms', row: (c) => c[1] === 'benchmark' && c[2].startsWith('ours (every feature on'), column: 5, better: 'lower' },
  { name: 'throughput, varied load, req/s', row: (c) => c[1] === 'varied' && c[2].startsWith('ours (every feature on'), column: 3, better: 'higher' },
  { name: 'throughput, varied load, p99 ms', row: (c) => c[1] === 'varied' && c[2].startsWith('ours (every feature on'), column: 5, better: 'lower' },
  { name: 'fan-out cold, p50 ms', row: (c) => c[0] === 'cold', column: 2, better: 'lower' },
  { name: 'fan-out warm, p50 ms', row: (c) => c[0] === 'warm', column: 2, better: 'lower' },
  { name: 'fan-out warm, response cache off, p50 ms', row: (c) => c[0] === 'warm, response cache off', column: 2, better: 'lower' },
];

/** The middle sample, or the mean of the middle two. */
function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runBench(root: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/bench/run.js'), ...SCENARIOS], {
      cwd: root,
      env: { ...process.env, BENCH_GATEWAYS: 'ours', BENCH_WORKERS: '1', BENCH_DURATION_S: process.env.BENCH_DURATION_S ?? '15' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench in ${root} exited with ${code}`))));
  });
}

/** Every figure found in one run's printed tables. */
function figuresOf(output: string): Map<string, number> {
  const rows = output
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | '));
  const found = new Map<string, number>();
  for (const f of FIGURES) {
    const row = rows.find((cells) => cells.length > f.column && f.row(cells));
    if (row) found.set(f.name, Number(row[f.column]));
  }
  return found;
}

async function main(): Promise<void> {
  const [before, after, roundsArg] = process.argv.slice(2);
  if (!before || !after) throw new Error('usage: compare-builds <before-root> <after-root> [rounds]');
  const rounds = Number(roundsArg ?? 3);
  const samples = { before: new Map<string, number[]>(), after: new Map<string, number[]>() };
  for (let round = 0; round < rounds; round++) {
    const order: ('before' | 'after')[] = round % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const which of order) {
      const started = Date.now();
      const figures = figuresOf(await runBench(which === 'before' ? before : after));
      for (const [name, value] of figures) samples[which].set(name, [...(samples[which].get(name) ?? []), value]);
      console.log(`round ${round + 1} ${which}: ${JSON.stringify(Object.fromEntries(figures))} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  console.log(`\n| figure | before (median of ${rounds}) | after (median of ${rounds}) | after ÷ before | better is |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const f of FIGURES) {
    const b = median(samples.before.get(f.name) ?? []);
    const a = median(samples.after.get(f.name) ?? []);
    console.log(`| ${f.name} | ${b} | ${a} | ${(a / b).toFixed(2)} | ${f.better} |`);
  }
  console.log(`\nEvery sample: ${JSON.stringify({ before: Object.fromEntries(samples.before), after: Object.fromEntries(samples.after) })}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
