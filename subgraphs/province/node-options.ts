import { missingNodeOptions } from '../../schema/node-options';

/**
 * The node options a province subgraph process runs with, on every way it is started (`npm start`,
 * docker-compose, the benches and the tests that spawn it).
 *
 * `--no-memory-reducer`: after a large pull the copies are a heap of long-lived records, and V8's
 * memory reducer answers the drop in allocation that follows with up to three full mark-compacts
 * of that heap in the quiet minutes after it. At scale 1,000 this made
 * Anhui's first quiet minutes cost 1.3–1.6 s of CPU against 0.5–0.6 s without it
 * (bench/results/copy-cost-stream-1000.md). The heap is reduced instead once, after the first pulls
 * and before the subgraph reports ready (reduce-heap.ts), so the memory still goes back to the
 * system. V8 reads the option when it sets up the heap, so it must be on the command line:
 * `v8.setFlagsFromString` at run time leaves the reducer running.
 */
export const PROVINCE_NODE_OPTIONS: readonly string[] = ['--no-memory-reducer'];

/** The options of PROVINCE_NODE_OPTIONS a process was started without (its `process.execArgv` and NODE_OPTIONS). */
export function missingProvinceNodeOptions(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  return missingNodeOptions(PROVINCE_NODE_OPTIONS, execArgv, nodeOptions);
}
