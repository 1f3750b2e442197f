import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { verifyAccessLog } from '../../schema/access-log/verify';
import { startFederation } from '../../test/support/federation';
import { gatewayEnvOf, startGatewayProcesses, stopGatewayProcesses, type GatewayProcess } from '../../test/support/gateway-processes';
import { expectedEnterpriseByCode, expectedEnterprises } from '../../test/support/oracle';
import { mintToken, type TokenClaims } from '../../test/support/tokens';
import type { FixedRatePlan, TargetOutcome } from '../lib/fixed-rate-client';
import { percentile } from '../lib/stats';
import type { ResultTable } from '../lib/table';

export interface GatewayRecordingOptions {
  /** Requests a second to the gateway of the round. */
  rate: number;
  /** Seconds of load on each gateway, in rounds of `roundS`. */
  durationS: number;
  roundS: number;
  /** Seconds of load on each gateway first, not counted (the recording gateway's warm-up records are in its log and counted as written). */
  warmupS: number;
}

export interface GatewayRecordingResult {
  outcomes: Record<'with' | 'without', TargetOutcome>;
  /** Records in the recording gateway's log after it stopped (its recorder closed). */
  recorded: number;
  logVerified: boolean;
  load: number[];
}

const DETAIL = 'query Detail($c: ID!) { hazmatEnterprise(creditCode: $c) { name chemicals { unNumber } contactPhone } }';
const CALLER: TokenClaims = { sub: 'bench-exchange', role: 'exchange', catalog: ['HAZMAT_DETAIL'] };

/**
 * The real gateway, twice, on one test federation (subgraphs and simulated systems in this
 * process): one gateway process records access as deployed, the other runs with the recording
 * hook emptied (bench/lib/without-access-recording.ts). A load generator in a process of its own
 * sends a fixed rate of HAZMAT_DETAIL reads (each releases conditional data; enterprises of Jiangsu
 * and Zhejiang in turn, whose systems set no rate limit; response cache off so that every request is executed and recorded) to
 * one gateway per round, the two taking turns.
 */
export async function runGatewayRecording(options: GatewayRecordingOptions): Promise<GatewayRecordingResult> {
  const dist = path.resolve(__dirname, '../..');
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-recording-'));
  const file = path.join(dir, 'access.jsonl');
  const fed = await startFederation();
  const gateways: GatewayProcess[] = [];
  try {
    const env = gatewayEnvOf(fed, { RESPONSE_CACHE_MAX_MB: '0', ACCESS_LOG_FILE: file });
    gateways.push(...(await startGatewayProcesses(dist, 1, env)));
    gateways.push(...(await startGatewayProcesses(dist, 1, { ...env, ACCESS_LOG_FILE: path.join(dir, 'unused.jsonl'), NODE_OPTIONS: `--require ${path.join(dist, 'bench/lib/without-access-recording.js')}` })));
    const codes = (['JS', 'ZJ'] as const).flatMap((p) => expectedEnterprises(fed.dataset, [p]).filter((e) => e.chemicals.length > 0 && expectedEnterpriseByCode(fed.dataset, e.creditCode) === e).slice(0, 25).map((e) => e.creditCode));
    const plan: FixedRatePlan = {
      targets: { with: gateways[0].url, without: gateways[1].url },
      rate: options.rate,
      roundS: options.roundS,
      rounds: Math.max(1, Math.round(options.durationS / options.roundS)),
      warmupS: options.warmupS,
      headers: { authorization: `Bearer ${await mintToken(CALLER)}`, 'apollographql-client-name': 'bench' },
      bodies: codes.map((c) => JSON.stringify({ query: DETAIL, operationName: 'Detail', variables: { c } })),
    };
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(dist, 'bench/lib/fixed-rate-client.js'), JSON.stringify(plan)], { maxBuffer: 256 * 1024 * 1024 });
    const outcomes = JSON.parse(stdout) as Record<'with' | 'without', TargetOutcome>;
    const load = loadavg();
    await stopGatewayProcesses(gateways.splice(0));
    const store = new FileAccessLogStore({ file });
    let recorded = 0;
    for await (const _ of store.scan()) recorded += 1;
    const verification = await verifyAccessLog(store);
    await store.close();
    return { outcomes, recorded, logVerified: verification.ok && verification.recordsChecked === recorded, load };
  } finally {
    await stopGatewayProcesses(gateways);
    await fed.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function accessRecordingGateway(options: GatewayRecordingOptions): Promise<ResultTable> {
  const r = await runGatewayRecording(options);
  const { with: on, without: off } = r.outcomes;
  const p = (o: TargetOutcome, q: number) => percentile(o.latencyMs, q);
  const row = (name: string, o: TargetOutcome) => [name, o.sent, o.ok, o.failed, Math.round((o.ok * 1000) / o.activeMs), round(p(o, 50)), round(p(o, 99)), round(o.maxSendLagMs)];
  const warmedUp = on.warmup?.ok ?? 0;
  const lost = on.ok + warmedUp - r.recorded;
  return {
    name: 'access-recording',
    title: `Access recording on the real gateway: ${options.rate} requests/s, ${options.durationS} s on each gateway in alternating rounds of ${options.roundS} s after ${options.warmupS} s of warm-up each, load generated in its own process`,
    columns: ['gateway', 'sent', 'answered with data', 'failed', 'served (answers/s)', 'p50 (ms)', 'p99 (ms)', "generator's most lag behind schedule (ms)"],
    rows: [row('with access recording', on), row('without (hook emptied)', off), ['added by recording', '', '', '', '', round(p(on, 50) - p(off, 50)), round(p(on, 99) - p(off, 99)), '']],
    notes: [
      `Records in the recording gateway's log after it stopped: ${r.recorded} for ${on.ok + warmedUp} answered requests (${warmedUp} of them in the ${options.warmupS} s warm-up, not timed), each of which released HAZMAT_DETAIL: ${lost} lost; the log ${r.logVerified ? 'verifies whole' : 'does NOT verify'}. Failed during the warm-up: ${on.warmup?.failed ?? 0} with, ${off.warmup?.failed ?? 0} without.`,
      'Targets (issue 17): ≤ 0.2 ms added at p50, ≤ 1 ms at p99, nothing lost at 1,000 requests/s for 60 s.',
      'Two gateway processes as deployed (dist/gateway/main.js, file access log, 200 ms batches, response cache off) on one test federation whose subgraphs and simulated systems run in the bench process; the load generator (bench/lib/fixed-rate-client.ts) is a third process. Latency is the client\'s, from writing a request to its answer\'s end, over the whole federated request.',
      `Taken on a shared 2-core machine loaded by other engineers (load average ${r.load.map((l) => l.toFixed(1)).join(', ')} at the end of the load): compare the two rows, taken in one run in alternating rounds.`,
    ],
  };
}
