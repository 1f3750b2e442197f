import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metricSum } from '../support/metric-sum';
import { childrenOf } from '../../bench/lib/proc';
import { checkBenchmarkAnswer } from '../../bench/gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY, writeBenchmarkSupergraph } from '../../bench/gateways-benchmark/supergraph-file';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../bench/gateways-benchmark/subgraphs/server';
import { projectBuild } from '../support/shared-build';

/**
 * GATEWAY_WORKERS=n: the gateway process (gateway/main.js, built by its npm script's tsconfig) forks n node:cluster
 * workers that share one port, replaces a worker that dies, and stops them all on SIGTERM.
 */

let gatewayMain: string;

/** A preload that answers SIGUSR2 with whether the process has loaded the gateway's server module. */
function modulesProbe(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'modules-probe-')), 'probe.js');
  writeFileSync(
    file,
    `process.on('SIGUSR2', () => console.log(JSON.stringify({ probe: process.pid, server: Object.keys(require.cache).some((f) => f.endsWith(require('path').join('gateway', 'server.js'))) })));\n`,
  );
  return file;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ask(url: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: BENCHMARK_QUERY }) });
  expect(res.status).toBe(200);
  return res.json();
}

describe('gateway worker processes (GATEWAY_WORKERS)', () => {
  let subgraphs: RunningSubgraphs;
  let primary: ChildProcess;
  let output = '';
  let url: string;

  beforeAll(async () => {
    gatewayMain = path.join(await projectBuild('gateway/tsconfig.main.json'), 'gateway/main.js');
    subgraphs = await startBenchmarkSubgraphs();
    primary = spawn(process.execPath, ['-r', modulesProbe(), gatewayMain, '--supergraph', writeBenchmarkSupergraph(subgraphs.url)], {
      env: { ...process.env, GATEWAY_PORT: '0', GATEWAY_WORKERS: '2', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    primary.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await until('the primary to report every worker ready', () => (output.includes('"gateway ready"') ? true : undefined));
    url = (JSON.parse(output.split('\n').find((l) => l.includes('"gateway ready"')) as string) as { url: string }).url;
  }, 120_000);

  afterAll(async () => {
    if (primary && primary.exitCode === null) {
      const exited = new Promise((r) => primary.once('exit', r));
      primary.kill('SIGKILL');
      await exited;
    }
    await subgraphs?.close();
  });

  it('runs two workers behind one port, each answering', async () => {
    expect(JSON.parse(output.split('\n').find((l) => l.includes('"gateway ready"')) as string)).toMatchObject({ workers: 2 });
    expect(childrenOf(primary.pid as number)).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(url)));
    for (const a of answers) expect(checkBenchmarkAnswer(a)).toBeNull();
  });

  it('leaves the gateway\'s modules to the workers: the primary only forks them', async () => {
    const loaded = async (pid: number): Promise<boolean> => {
      process.kill(pid, 'SIGUSR2');
      const line = await until(`the probe of ${pid}`, () => output.split('\n').find((l) => l.startsWith(`{"probe":${pid},`)));
      return (JSON.parse(line) as { server: boolean }).server;
    };
    expect(await loaded(primary.pid as number)).toBe(false);
    expect(await loaded(childrenOf(primary.pid as number)[0])).toBe(true);
  });

  it('answers /metrics for the whole gateway, whichever worker takes the scrape', async () => {
    const requests = async (): Promise<number> => metricSum(await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text(), 'gateway_graphql_requests_total');
    const before = await requests();
    for (let i = 0; i < 10; i++) await ask(url);
    for (let i = 0; i < 4; i++) expect(await requests()).toBe(before + 10);
  });

  it('replaces a worker that dies, and keeps answering', async () => {
    const [victim, survivor] = childrenOf(primary.pid as number);
    process.kill(victim, 'SIGKILL');
    const replaced = await until('a new worker', () => {
      const now = childrenOf(primary.pid as number);
      return now.length === 2 && !now.includes(victim) ? now : undefined;
    });
    expect(replaced).toContain(survivor);
    await until('the new worker to answer', async () => (output.match(/"gateway ready"/g)?.length ?? 0) >= 2 ? true : undefined);
    expect(checkBenchmarkAnswer(await ask(url))).toBeNull();
  });

  it('stops every worker on SIGTERM', async () => {
    const workers = childrenOf(primary.pid as number);
    const exited = new Promise<number | null>((r) => primary.once('exit', (code) => r(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
