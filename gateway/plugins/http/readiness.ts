import type { ServerResponse } from 'node:http';

export interface ProbeTarget {
  /** How /ready names it: `region`, `registry`, `provinces/SH`, … */
  name: string;
  url: string;
}

export interface ProbeResult {
  ready: boolean;
  latencyMs: number;
  reason?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not ready';
  supergraph: 'loaded' | 'not loaded';
  checks: Record<string, ProbeResult>;
  /** What keeps the gateway from being ready: `supergraph`, the names of failing probes and of unmet conditions. */
  notReady: string[];
  /** Dependencies the gateway serves without (e.g. Redis): reported, never a reason for "not ready". */
  degradable?: Record<string, unknown>;
}

export interface ReadinessOptions {
  targets: readonly ProbeTarget[];
  supergraphLoaded: () => boolean;
  /** Deadline of one probe. */
  probeTimeoutMs: number;
  /** How long one round of probes answers /ready, so that frequent polls don't load the subgraphs. */
  cacheMs: number;
  /** The gateway's own conditions of readiness by name (e.g. `redis`: the shared cache has connected once), read at each round. */
  conditions?: () => Record<string, boolean>;
  /** The state of dependencies the gateway can serve without, read at each /ready. */
  degradable?: () => Record<string, unknown>;
}

const PROBE_BODY = JSON.stringify({ query: '{ __typename }' });

/** Reasons without addresses: /ready may be seen by more people than the subgraphs' URLs should. */
function reasonOf(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return 'unreachable';
}

export async function probeSubgraph(url: string, timeoutMs: number): Promise<ProbeResult> {
  const start = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': 'readiness-probe' },
      body: PROBE_BODY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => null)) as { data?: { __typename?: unknown } } | null;
    const ready = res.ok && typeof body?.data?.__typename === 'string';
    return { ready, latencyMs: Date.now() - start, ...(ready ? {} : { reason: `HTTP ${res.status}${body ? '' : ' without JSON'}` }) };
  } catch (err) {
    return { ready: false, latencyMs: Date.now() - start, reason: reasonOf(err) };
  }
}

/** /ready: the supergraph is loaded and every subgraph answers a cheap query. */
export class ReadinessCheck {
  private cached: { at: number; report: Promise<ReadinessReport> } | null = null;

  constructor(private readonly options: ReadinessOptions) {}

  check(): Promise<ReadinessReport> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= this.options.cacheMs) this.cached = { at: now, report: this.run() };
    const degradable = this.options.degradable;
    return degradable ? this.cached.report.then((r) => ({ ...r, degradable: degradable() })) : this.cached.report;
  }

  private async run(): Promise<ReadinessReport> {
    const loaded = this.options.supergraphLoaded();
    const results = await Promise.all(this.options.targets.map(async (t) => [t.name, await probeSubgraph(t.url, this.options.probeTimeoutMs)] as const));
    const checks = Object.fromEntries(results);
    const unmet = Object.entries(this.options.conditions?.() ?? {}).filter(([, met]) => !met).map(([name]) => name);
    const notReady = [...(loaded ? [] : ['supergraph']), ...results.filter(([, r]) => !r.ready).map(([name]) => name), ...unmet];
    return { status: notReady.length === 0 ? 'ready' : 'not ready', supergraph: loaded ? 'loaded' : 'not loaded', checks, notReady };
  }
}

/** Alive; with the registry's version number the gateway serves, when it serves one. */
export function sendHealth(res: ServerResponse, supergraphVersion: number | null = null, catalogVersion: number | null = null): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ status: 'ok', ...(supergraphVersion === null ? {} : { supergraphVersion }), ...(catalogVersion === null ? {} : { catalogVersion }) }));
}

export async function sendReadiness(res: ServerResponse, check: ReadinessCheck): Promise<void> {
  const report = await check.check();
  res.writeHead(report.status === 'ready' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(report));
}
