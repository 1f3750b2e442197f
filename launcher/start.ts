import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import { isReadyMessage } from '../schema/ready-message';
import { loadLauncherConfig } from './config';
import { startDevRun } from './dev-tokens';
import { removeRunSecret } from './run-secret';
import { PROVINCE_NODE_OPTIONS } from '../subgraphs/province/node-options';
import { GATEWAY_NODE_OPTIONS } from '../gateway/node-options';

/**
 * `npm start`: the whole federation on this machine, with embedded defaults: the four simulated
 * provinces and the credit platform (unless START_SIMULATORS=false), the four province subgraphs
 * (see provincePieces), the region, registry and credit subgraphs and the gateway, each its own process; then the subgraphs' schemas
 * are published to the registry and the gateway serves its live version. Ctrl-C stops them all.
 */

const DIST = path.resolve(__dirname, '..');
const PROVINCE_PORTS: Record<ProvinceCode, number> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };
const REGION_PORT = 4210;
const REGISTRY_PORT = 4220;
const CREDIT_PORT = 4230;

interface Piece {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  nodeOptions?: readonly string[];
}

const children: ChildProcess[] = [];
let stopping = false;
/** Every piece's environment beyond its own: a development run's secret and loopback hosts. */
let runEnv: NodeJS.ProcessEnv = {};
let onStop: () => void = () => undefined;

function log(level: string, msg: string, extra: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, ...extra });
  if (level === 'info') console.log(line);
  else console.error(line);
}

function launch(piece: Piece): ChildProcess {
  const child = spawn(process.execPath, [...(piece.nodeOptions ?? []), path.join(DIST, piece.script)], {
    env: { ...process.env, ...runEnv, ...piece.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log('fatal', `${piece.name} exited`, { code, signal });
    void stop(1);
  });
  children.push(child);
  return child;
}

/** Until the piece says it is listening: a message, where polling its port would spend the CPU the pieces start on. */
function ready(child: ChildProcess, name: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not become ready within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (m: unknown) => {
      if (!isReadyMessage(m)) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Until `url` answers and `accepted` says the answer will do, asked every `everyMs`. */
async function until(url: string, accepted: (res: Response) => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if (await accepted(await fetch(url))) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

/** Until the gateway says (on /health) that it serves the registry's version `number` (and sharing catalog version `catalog`) or a newer one. */
function waitForVersion(url: string, number: number, catalog: number): Promise<void> {
  return until(
    url,
    async (res) => {
      const body = (await res.json()) as { supergraphVersion?: unknown; catalogVersion?: unknown };
      return typeof body.supergraphVersion === 'number' && body.supergraphVersion >= number && typeof body.catalogVersion === 'number' && body.catalogVersion >= catalog;
    },
    `the gateway did not serve the registry's version ${number}`,
  );
}

/**
 * Until every province subgraph's /ready says each of its copies has a first complete state, so
 * that a query right after "federation ready" is answered whole. No time limit: a first pull takes
 * as long as the system's size and rate limit make it (the subgraphs write its progress meanwhile),
 * and one whose system fails is retried until it is up.
 */
async function provincesReady(): Promise<void> {
  const began = Date.now();
  await Promise.all(
    PROVINCE_CODES.map(async (province) => {
      await until(`http://127.0.0.1:${PROVINCE_PORTS[province]}/ready`, async (res) => res.status === 200, `province ${province}'s copies were not ready`, Infinity, 250);
      log('info', 'province copies ready', { province, waitedMs: Date.now() - began });
    }),
  );
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())))));
  onStop();
  process.exit(code);
}

async function startAll(pieces: Piece[]): Promise<void> {
  await Promise.all(pieces.map((piece) => ready(launch(piece), piece.name)));
}

/**
 * The four province subgraphs: in one process by default (four servers on four ports, each with
 * its own adapter, copies and limits; module loading and schema building, most of a start, done
 * once instead of four times), or one process each with PROVINCE_PROCESSES=each, as deployed.
 */
function provincePieces(mode: 'one' | 'each', clockEnv: NodeJS.ProcessEnv): Piece[] {
  const piece = (provinces: readonly ProvinceCode[]): Piece => ({
    name: `province subgraph${provinces.length > 1 ? 's' : ''} ${provinces.join(',')}`,
    script: 'subgraphs/province/main.js',
    nodeOptions: PROVINCE_NODE_OPTIONS,
    env: { PROVINCE: provinces.join(','), PORT: provinces.map((p) => PROVINCE_PORTS[p]).join(','), ...clockEnv },
  });
  return mode === 'one' ? [piece(PROVINCE_CODES)] : PROVINCE_CODES.map((p) => piece([p]));
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadLauncherConfig(process.env);
  const devRun = config.devTokens ? await startDevRun({ stateDir: config.runStateDir, ...config.devTokens }) : null;
  if (devRun) {
    runEnv = devRun.env;
    onStop = () => removeRunSecret(config.runStateDir);
  }
  const clockEnv: NodeJS.ProcessEnv = config.clockNow ? { CLOCK_NOW: config.clockNow.toISOString() } : {};

  const provinces = provincePieces(config.provinceProcesses, clockEnv);
  // Every piece starts at once: the subgraphs reach their systems only when a query needs them.
  const simulators: Piece[] = config.startSimulators ? [{ name: 'simulators', script: 'simulators/main.js', env: {} }] : [];
  const { region: regionUrl, registry: registryUrl, credit: creditUrl } = config.urls;
  const port = config.gatewayPort;
  // The gateway loads its code while the subgraphs start, then waits for the registry's version (on
  // a first start the registry is empty until the publish below; later it serves the last live
  // version and hot-reloads the one published now).
  launch({ name: 'gateway', script: 'gateway/main.js', nodeOptions: GATEWAY_NODE_OPTIONS, env: { SUPERGRAPH_SOURCE: 'registry', REGISTRY_WAIT_MS: '60000', REGISTRY_URL: registryUrl, REGION_URL: regionUrl, ...(creditUrl ? { CREDIT_URL: creditUrl } : {}) } });
  // The registry's code loads while the children start (composition and diffs only once a schema changes).
  const registryCode = Promise.all([import('./publishing-registry'), import('./publish-schemas'), import('./publish-catalog'), import('../schema/webhooks/open-webhook-store'), import('../schema/webhooks/config')]);
  await startAll([
    ...simulators,
    ...provinces,
    { name: 'region subgraph', script: 'subgraphs/region/main.js', env: { REGION_PORT: String(REGION_PORT) } },
    { name: 'registry subgraph', script: 'subgraphs/registry/main.js', env: { REGISTRY_PORT: String(REGISTRY_PORT) } },
    { name: 'credit subgraph', script: 'subgraphs/credit/main.js', env: { CREDIT_PORT: String(CREDIT_PORT), ...clockEnv } },
  ]);

  // The copies' first pulls run while the schemas are published.
  log('info', 'waiting for the province copies\' first pulls', { provinces: PROVINCE_CODES });
  const copiesReady = provincesReady();
  // Rejected only once stopping (then main's failure, or Ctrl-C, is what is reported).
  copiesReady.catch(() => undefined);
  const [{ openPublishingRegistry }, { publishRunningSchemas }, { publishInitialCatalog }, { openWebhookStore }, { loadWebhooksConfig }] = await registryCode;
  // The registry webhooks the children read (the registry subgraph registers them, the gateways deliver).
  const openWebhooks = () => openWebhookStore(loadWebhooksConfig({ ...process.env, ...runEnv }).store);
  const notificationFailed = (error: unknown) => log('error', 'registry notification not queued', { cause: (error as Error).message });
  const registry = openPublishingRegistry(config.registryStore, openWebhooks, notificationFailed);
  let live: number;
  let catalog: number;
  try {
    const published = await publishRunningSchemas(
      registry,
      config.urls,
      config.publisher ?? `npm-start@${os.hostname()}`,
    );
    log('info', 'schemas published to the registry', { published });
    const initialCatalog = await publishInitialCatalog(config.registryStore, config.publisher ?? `npm-start@${os.hostname()}`, openWebhooks, notificationFailed);
    log('info', 'sharing catalog', initialCatalog);
    catalog = initialCatalog.version;
    live = (await registry.liveVersion())?.number ?? 0;
  } finally {
    await registry.close();
  }
  await waitForVersion(`http://127.0.0.1:${port}/health`, live, catalog);
  await copiesReady;
  console.log(`\n  YRD federation gateway: http://127.0.0.1:${port}/graphql   (GraphiQL in a browser; /audit for the schema history; /schema.graphql for code generation; Ctrl-C stops everything)\n`);
  if (devRun) console.log(devRun.banner);
  // Last, so that whoever waits for this line has the address and the tokens in what it read.
  log('info', 'federation ready', { url: `http://127.0.0.1:${port}/graphql`, startupMs: Date.now() - started });
}

process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
main().catch((e: unknown) => {
  log('fatal', 'start failed', { error: e instanceof Error ? e.message : String(e) });
  void stop(1);
});
