import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { RedisAccessLogStore } from '../../schema/access-log/redis-store';
import { verifyAccessLog } from '../../schema/access-log/verify';
import { startFederation, type Federation } from '../../test/support/federation';
import { gatewayEnvOf, startGatewayProcesses, stopGatewayProcesses, type GatewayProcess } from '../../test/support/gateway-processes';
import { expectedEnterpriseByCode, expectedEnterprises } from '../../test/support/oracle';
import { startRedisServer } from '../../test/support/redis-server';
import { mintToken, type TokenClaims } from '../../test/support/tokens';
import type { FixedRatePlan, TargetOutcome } from '../lib/fixed-rate-client';
import { RECORDING_OFF_HEADER } from '../lib/recording-off-header';
import { pairedDifference, percentile, roundPercentiles, type PairedDifference } from '../lib/stats';
import type { ResultTable } from '../lib/table';

export interface GatewayRecordingOptions {
  /** Requests a second to the gateway of the round. */
  rate: number;
  /** Seconds of load on each gateway, in rounds of `roundS`. */
  durationS: number;
  roundS: number;
  /** All gateways in every round, request by request (`rate` a second each), instead of one gateway per round. */
  interleave?: boolean;
  /** Seconds of load on each gateway first, not counted (the recording gateway's warm-up records are in its log and counted as written). */
  warmupS: number;
  /** An earlier build's dist/ (e.g. main's), run as a third recording peer, labelled `beforeLabel`. */
  beforeDist?: string;
  beforeLabel?: string;
  /** The province copies' maximum age (every collection), so that no copy re-sync falls in the timed window; their defaults when absent. */
  copyMaxAgeMs?: number;
  /** Each gateway writes its garbage collections to stderr when it stops (bench/lib/gc-tally.ts). */
  gcTally?: boolean;
  /**
   * One gateway process serves every peer (bench/lib/access-recording-by-header.ts): the peers
   * without recording are its requests sent with the header that turns recording off. Two
   * processes alike differ by more than the recording costs; one process compares like with like.
   */
  oneProcess?: boolean;
  /** The build whose gateway runs (default: the one this file is part of). */
  dist?: string;
  /** The access log in Redis Streams: a redis-server of the run's own, as REDIS_URL for the gateways and the federation (default: the file). */
  redis?: boolean;
}

/** The peers, in the order their rounds take turns: `without2` is a second gateway without recording, the bench's own floor (two like processes differ by this much). */
type Peer = 'with' | 'before' | 'without' | 'without2';

export interface GatewayRecordingResult {
  outcomes: Partial<Record<Peer, TargetOutcome>> & Record<'with' | 'without' | 'without2', TargetOutcome>;
  /** Each peer's p50 and p99 less the first peer without recording's, round by round: median and 95 % interval. */
  paired: Partial<Record<Peer, Record<'p50' | 'p99', PairedDifference>>>;
  /** Records in the recording gateway's log after it stopped (its recorder closed). */
  recorded: number;
  logVerified: boolean;
  load: number[];
}

const REDIS_PREFIX = 'bench:access:';
const DETAIL = 'query Detail($c: ID!) { hazmatEnterprise(creditCode: $c) { name chemicals { unNumber } contactPhone } }';
const CALLER: TokenClaims = { sub: 'bench-exchange', role: 'exchange', catalog: ['HAZMAT_DETAIL'] };

/**
 * The real gateway, three or four times, on one test federation (subgraphs and simulated systems
 * in this process): one gateway process records access as deployed, optionally an earlier build's
 * beside it, and two run with the recording hook emptied (bench/lib/without-access-recording.ts),
 * the second measuring what two like processes differ by. A load generator in a process of its own
 * sends a fixed rate of HAZMAT_DETAIL reads (each releases conditional data; enterprises of Jiangsu
 * and Zhejiang in turn, whose systems set no rate limit; response cache off so that every request is executed and recorded) to
 * one gateway per round, the peers taking turns.
 */
export async function runGatewayRecording(options: GatewayRecordingOptions): Promise<GatewayRecordingResult> {
  if (options.oneProcess && options.beforeDist) throw new Error('an earlier build is a process of its own: oneProcess and beforeDist do not go together');
  const dist = options.dist ?? path.resolve(__dirname, '../..');
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-recording-'));
  const file = path.join(dir, 'access.jsonl');
  const age = options.copyMaxAgeMs;
  const redis = options.redis ? await startRedisServer() : null;
  const gateways: GatewayProcess[] = [];
  let fed: Federation | null = null;
  try {
    const federation = (fed = await startFederation({ ...(age ? { replicaMaxAgeMs: { warnings: age, waybills: age, enterprises: age, bases: age } } : {}), ...(redis ? { redisUrl: redis.url } : {}) }));
    const env = gatewayEnvOf(federation, { RESPONSE_CACHE_MAX_MB: '0', ACCESS_LOG_FILE: file, ...(redis ? { REDIS_URL: redis.url, ACCESS_LOG_REDIS_PREFIX: REDIS_PREFIX } : {}) });
    const gcTally = options.gcTally ? ` --require ${path.join(dist, 'bench/lib/gc-tally.js')}` : '';
    const without = (name: string) => ({ ...env, ACCESS_LOG_FILE: path.join(dir, `${name}.jsonl`), NODE_OPTIONS: `--require ${path.join(dist, 'bench/lib/without-access-recording.js')}${gcTally}` });
    const peers: Peer[] = ['with', ...(options.beforeDist ? (['before'] as const) : []), 'without', 'without2'];
    const withGc = (peer: Peer, peerEnv: NodeJS.ProcessEnv) => (options.gcTally ? { ...peerEnv, BENCH_GC_LABEL: peer, NODE_OPTIONS: peerEnv.NODE_OPTIONS ?? gcTally.trim() } : peerEnv);
    if (options.oneProcess) {
      gateways.push(...(await startGatewayProcesses(dist, 1, withGc('with', { ...env, NODE_OPTIONS: `--require ${path.join(dist, 'bench/lib/access-recording-by-header.js')}${gcTally}` }))));
    } else {
      for (const peer of peers) {
        const recording = peer === 'with' ? env : peer === 'before' ? { ...env, ACCESS_LOG_FILE: path.join(dir, 'before.jsonl'), ACCESS_LOG_REDIS_PREFIX: 'bench-before:access:' } : without(peer);
        gateways.push(...(await startGatewayProcesses(peer === 'before' ? (options.beforeDist ?? dist) : dist, 1, withGc(peer, recording))));
      }
    }
    const codes = (['JS', 'ZJ'] as const).flatMap((p) => expectedEnterprises(federation.dataset, [p]).filter((e) => e.chemicals.length > 0 && expectedEnterpriseByCode(federation.dataset, e.creditCode) === e).slice(0, 25).map((e) => e.creditCode));
    const plan: FixedRatePlan = {
      targets: Object.fromEntries(peers.map((peer, i) => [peer, gateways[options.oneProcess ? 0 : i].url])),
      targetHeaders: options.oneProcess ? { without: { [RECORDING_OFF_HEADER]: 'off' }, without2: { [RECORDING_OFF_HEADER]: 'off' } } : {},
      rate: options.rate,
      roundS: options.roundS,
      rounds: Math.max(1, Math.round(options.durationS / options.roundS)),
      warmupS: options.warmupS,
      headers: { authorization: `Bearer ${await mintToken(CALLER)}`, 'apollographql-client-name': 'bench' },
      bodies: codes.map((c) => JSON.stringify({ query: DETAIL, operationName: 'Detail', variables: { c } })),
      interleave: options.interleave ?? false,
    };
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(dist, 'bench/lib/fixed-rate-client.js'), JSON.stringify(plan)], { maxBuffer: 256 * 1024 * 1024 });
    const outcomes = JSON.parse(stdout) as GatewayRecordingResult['outcomes'];
    const load = loadavg();
    await stopGatewayProcesses(gateways.splice(0));
    const store = redis ? new RedisAccessLogStore({ url: redis.url, prefix: REDIS_PREFIX }) : new FileAccessLogStore({ file });
    let recorded = 0;
    for await (const _ of store.scan()) recorded += 1;
    const verification = await verifyAccessLog(store);
    await store.close();
    const rounds = (peer: Peer, p: number) => {
      const outcome = outcomes[peer] as TargetOutcome;
      return roundPercentiles(outcome.latencyMs, outcome.roundEnds, p);
    };
    const paired = Object.fromEntries(
      peers.filter((peer) => peer !== 'without').map((peer) => [peer, { p50: pairedDifference(rounds(peer, 50), rounds('without', 50)), p99: pairedDifference(rounds(peer, 99), rounds('without', 99)) }]),
    );
    return { outcomes, paired, recorded, logVerified: verification.ok && verification.recordsChecked === recorded, load };
  } finally {
    await stopGatewayProcesses(gateways);
    await fed?.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

const LABELS: Record<Peer, string> = { with: 'with access recording', before: 'with access recording', without: 'without (hook emptied)', without2: 'without, a second process (A/A)' };
const ONE_PROCESS_LABELS: Record<Peer, string> = { ...LABELS, without: 'without (recording off by header)', without2: 'without, its own rounds (A/A)' };

const interval = (d: PairedDifference) => `${round(d.median)} [${round(d.low)}, ${round(d.high)}]`;

export async function accessRecordingGateway(options: GatewayRecordingOptions): Promise<ResultTable> {
  const r = await runGatewayRecording(options);
  const { with: on, without: off } = r.outcomes;
  const p = (o: TargetOutcome, q: number) => percentile(o.latencyMs, q);
  const labels = options.oneProcess ? ONE_PROCESS_LABELS : LABELS;
  const label = (peer: Peer) => (peer === 'before' ? `${labels.before} (${options.beforeLabel ?? 'earlier build'})` : peer === 'with' && options.beforeDist ? `${labels.with} (this build)` : labels[peer]);
  const peers = (['with', 'before', 'without', 'without2'] as const).filter((peer) => r.outcomes[peer]);
  const row = (peer: Peer, o: TargetOutcome) => [label(peer), o.sent, o.ok, o.failed, Math.round((o.ok * 1000) / o.activeMs), round(p(o, 50)), round(p(o, 99)), round(o.maxSendLagMs)];
  const added = (peer: Peer, o: TargetOutcome) => [`added: ${label(peer)} − without`, '', '', '', '', round(p(o, 50) - p(off, 50)), round(p(o, 99) - p(off, 99)), ''];
  const pairedRow = (peer: Peer) => {
    const d = r.paired[peer] as Record<'p50' | 'p99', PairedDifference>;
    return [`added round by round: ${label(peer)} − without, median [95 % interval] of ${d.p50.pairs} rounds`, '', '', '', '', interval(d.p50), interval(d.p99), ''];
  };
  const warmedUp = on.warmup?.ok ?? 0;
  const lost = on.ok + warmedUp - r.recorded;
  return {
    name: 'access-recording',
    title: options.interleave
      ? `Access recording on the real gateway: ${options.rate} requests/s to each gateway for ${options.durationS} s, the gateways interleaved request by request, after ${options.warmupS} s of warm-up, load generated in its own process`
      : `Access recording on the real gateway: ${options.rate} requests/s, ${options.durationS} s on each ${options.oneProcess ? 'peer of one gateway process' : 'gateway'} in alternating rounds of ${options.roundS} s after ${options.warmupS} s of warm-up each, load generated in its own process`,
    columns: ['gateway', 'sent', 'answered with data', 'failed', 'served (answers/s)', 'p50 (ms)', 'p99 (ms)', "generator's most lag behind schedule (ms)"],
    rows: [
      ...peers.map((peer) => row(peer, r.outcomes[peer] as TargetOutcome)),
      ...peers.filter((peer) => peer !== 'without').map((peer) => added(peer, r.outcomes[peer] as TargetOutcome)),
      ...peers.filter((peer) => peer !== 'without').map(pairedRow),
    ],
    notes: [
      `Records in the recording gateway's log after it stopped: ${r.recorded} for ${on.ok + warmedUp} answered requests (${warmedUp} of them in the ${options.warmupS} s warm-up, not timed), each of which released HAZMAT_DETAIL: ${lost} lost; the log ${r.logVerified ? 'verifies whole' : 'does NOT verify'}. Failed during the warm-up: ${peers.map((peer) => `${r.outcomes[peer]?.warmup?.failed ?? 0} ${peer}`).join(', ')}.`,
      `Targets (issue 17): ≤ 0.2 ms added at p50, ≤ 1 ms at p99, nothing lost at 1,000 requests/s for 60 s. The A/A row (${options.oneProcess ? 'the same unrecorded requests in rounds of their own' : 'a second gateway without recording against the first'}) is what two like ${options.oneProcess ? 'peers' : 'processes'} differ by in this run: an added figure within it is not told apart from noise.`,
      ...(options.oneProcess
        ? [
            `One gateway process serves every peer (bench/lib/access-recording-by-header.ts): the rows without recording are its requests sent with \`${RECORDING_OFF_HEADER}: off\`, in rounds of their own between the recorded ones. The last ${options.roundS} s round of recorded requests leaves its last batch (200 ms) to be written in the next round.`,
          ]
        : []),
      'Round by round: each peer\'s p50 (p99) in its k-th round less the first peer without recording\'s in its k-th round, the rounds taking turns; the median of those differences and a 95 % bootstrap interval (2,000 resamples of the rounds). A slow stretch of the machine lasting longer than a round falls on both peers of a pair.',
      `Gateway processes as deployed (dist/gateway/main.js, ${options.redis ? 'access log in Redis Streams on a redis-server of the run (REDIS_URL, which the federation and the gateways use for every shared store)' : 'file access log'}, 200 ms batches, response cache off) on one test federation whose subgraphs and simulated systems run in the bench process; the load generator (bench/lib/fixed-rate-client.ts) is a process of its own. Latency is the client's, from writing a request to its answer's end, over the whole federated request.`,
      options.copyMaxAgeMs
        ? `The province copies' maximum age is ${options.copyMaxAgeMs} ms for this run (BENCH_COPY_MAX_AGE_MS), longer than the run: no request waits for a copy's re-sync, which would add the same seconds to every peer's tail and hide the recording's share.`
        : "The province copies keep their default maximum ages (enterprises 60 s): a request that arrives when its copy is past it waits for the re-sync, in every peer's tail alike.",
      `Taken on a shared 2-core machine loaded by other engineers (load average ${r.load.map((l) => l.toFixed(1)).join(', ')} at the end of the load): compare the rows, taken in one run ${options.interleave ? 'with the gateways interleaved request by request' : 'in alternating rounds'}.`,
    ],
  };
}
