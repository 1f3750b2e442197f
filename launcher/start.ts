import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';

/**
 * `npm start`: every piece of the federation as its own process on this machine, with embedded
 * defaults — the four simulated provinces (unless START_SIMULATORS=false), the four province
 * subgraphs, the region subgraph and the gateway. Ctrl-C stops them all.
 */

const DIST = path.resolve(__dirname, '..');
const PROVINCE_PORTS: Record<ProvinceCode, number> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };
const REGION_PORT = 4210;

interface Piece {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  health: string;
}

const children: ChildProcess[] = [];
let stopping = false;

function launch(piece: Piece): ChildProcess {
  const child = spawn(process.execPath, [path.join(DIST, piece.script)], {
    env: { ...process.env, ...piece.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(JSON.stringify({ level: 'fatal', msg: `${piece.name} exited`, code, signal }));
    void stop(1);
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs} ms`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())))));
  process.exit(code);
}

/** Entry points that are not written yet: the launcher says which, rather than failing half-way. */
function missingPieces(scripts: string[]): string[] {
  return scripts.filter((script) => !existsSync(path.join(DIST, script)));
}

async function main(): Promise<void> {
  const started = Date.now();
  const missing = missingPieces(['simulators/main.js', 'subgraphs/province/main.js', 'subgraphs/region/main.js', 'gateway/main.js']);
  if (missing.length > 0) {
    console.error(JSON.stringify({ level: 'fatal', msg: 'the federation cannot start: pieces not built yet', missing }));
    process.exit(2);
  }
  const startSimulators = process.env.START_SIMULATORS !== 'false';
  const clockEnv: NodeJS.ProcessEnv = process.env.SIM_NOW && !process.env.CLOCK_NOW ? { CLOCK_NOW: process.env.SIM_NOW } : {};

  if (startSimulators) {
    launch({ name: 'simulators', script: 'simulators/main.js', env: {}, health: '' });
    await Promise.all(
      PROVINCE_CODES.map((p, i) => waitFor(`http://127.0.0.1:${4101 + i}/__sim/clock`, `simulator ${p}`)),
    );
  }
  const pieces: Piece[] = [
    ...PROVINCE_CODES.map((p) => ({
      name: `province subgraph ${p}`,
      script: 'subgraphs/province/main.js',
      env: { PROVINCE: p, PORT: String(PROVINCE_PORTS[p]), ...clockEnv },
      health: `http://127.0.0.1:${PROVINCE_PORTS[p]}/health`,
    })),
    { name: 'region subgraph', script: 'subgraphs/region/main.js', env: { REGION_PORT: String(REGION_PORT) }, health: `http://127.0.0.1:${REGION_PORT}/health` },
  ];
  for (const piece of pieces) launch(piece);
  await Promise.all(pieces.map((p) => waitFor(p.health, p.name)));

  launch({ name: 'gateway', script: 'gateway/main.js', env: {}, health: '' });
  const port = process.env.GATEWAY_PORT ?? '4000';
  await waitFor(`http://127.0.0.1:${port}/health`, 'gateway');
  console.log(JSON.stringify({ level: 'info', msg: 'federation ready', url: `http://127.0.0.1:${port}/graphql`, startupMs: Date.now() - started }));
  console.log(`\n  YRD federation gateway: http://127.0.0.1:${port}/graphql  (Ctrl-C stops everything)\n`);
}

process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
main().catch((e: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'start failed', error: e instanceof Error ? e.message : String(e) }));
  void stop(1);
});
