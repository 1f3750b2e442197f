import { gatewayThroughput } from './scenarios/gateway-throughput';
import { renderTable, writeResult, type ResultTable } from './lib/table';

/**
 * `npm run bench` runs every scenario; `npm run bench -- <name> [...]` runs some. Each prints its
 * table and writes it to bench/results/<name>.md. BENCH_QUICK=1 shortens every run (for a smoke test).
 */

const quick = process.env.BENCH_QUICK === '1';

const SCENARIOS: Record<string, () => Promise<ResultTable>> = {
  'gateway-throughput': () =>
    gatewayThroughput({
      durationS: quick ? 3 : Number(process.env.BENCH_DURATION_S ?? 20),
      warmupS: quick ? 1 : 5,
      connections: 50,
      workers: quick ? [1] : [1, 2],
    }),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !SCENARIOS[n]);
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) {
    const table = await SCENARIOS[name]();
    console.log(renderTable(table));
    console.log(`written to ${writeResult(table)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
