import { missingNodeOptions } from '../schema/node-options';

/**
 * The node options the gateway process runs with, on every way it is started (`npm start`, the
 * image's CMD, docker-compose, the Helm chart, the benches); node:cluster workers inherit them.
 *
 * `--max-semi-space-size`: each request in flight holds its subgraphs' answers, its merged data and
 * its shaped answer until it is written (it allocates about 0.7 MB for the gateways benchmark's query). With
 * 50 requests in flight, V8's default young generation (16 MB semi-spaces) fills many times before
 * they are done, so what is still in use is copied, then promoted to the old generation, whose
 * collections cost the most; in a larger young generation most of it dies young
 * (bench/results/s25-where-the-cores-go.md). 40 MB semi-spaces scavenge half as often as 32 under
 * that load, for 0.89x the CPU per request and 25-45 MB more per process, which keeps the peak
 * under the gateway's before issue 21 (bench/results/s32-fewer-copies-less-garbage.md); larger ones
 * save no more there. V8 sizes the heap when it sets it up: the option must be on the command line
 * or in NODE_OPTIONS.
 */
export const GATEWAY_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=40'];

/** The options of GATEWAY_NODE_OPTIONS a process was started without (its `process.execArgv` and NODE_OPTIONS). */
export function missingGatewayNodeOptions(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  return missingNodeOptions(GATEWAY_NODE_OPTIONS, execArgv, nodeOptions);
}
