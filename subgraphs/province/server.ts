import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { graphqlHandler } from '../../gateway/http/graphql-handler';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import type { Clock } from '../../adapters/kit/clock';
import type { ProvinceAdapter } from '../../adapters/kit/province-adapter';
import type { ProvinceCode } from '../../schema/model';
import { countLegacyCall, countingLegacyCalls, currentLegacyCalls } from './legacy-calls';
import { ProvinceData, type MaxAges } from './province-data';
import { ProvinceRequest, type LegacyCalls } from './province-request';
import { provinceSubgraphSchema } from './schema';

/** Builds the adapter with the HTTP hooks the subgraph needs (legacy call counting). */
export type AdapterFactory = (http: HttpTuning) => ProvinceAdapter;

export interface ProvinceSubgraphOptions {
  province: ProvinceCode;
  /**
   * The province's adapter, or a factory given `{ onCall }` to count legacy calls per request. An
   * adapter built elsewhere is counted when its HttpTuning.onCall is `countLegacyCall`.
   */
  adapter: ProvinceAdapter | AdapterFactory;
  clock: Clock;
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How long each replica serves before the next need re-syncs it (ms). */
  maxAgeMs?: Partial<MaxAges>;
}

export interface RunningProvinceSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4201/graphql. */
  url: string;
  /** The process-wide state (replicas, mutual-aid requests), for tests and health. */
  data: ProvinceData;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Adds what accompanies the data: errors about stale copies and invalid records, and the legacy calls made. */
const answerExtras: ApolloServerPlugin<ProvinceRequest> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (contextValue.notices.length > 0) result.errors = [...(result.errors ?? []), ...contextValue.notices];
        result.extensions = { ...result.extensions, legacyCalls: { ...contextValue.legacyCalls } };
      },
    };
  },
};

export async function startProvinceSubgraph(options: ProvinceSubgraphOptions): Promise<RunningProvinceSubgraph> {
  const host = options.host ?? '127.0.0.1';
  const adapter = typeof options.adapter === 'function' ? options.adapter({ onCall: countLegacyCall }) : options.adapter;
  if (adapter.province !== options.province) throw new Error(`the adapter serves ${adapter.province}, not ${options.province}`);
  const data = new ProvinceData({ adapter, clock: options.clock, maxAgeMs: options.maxAgeMs });

  const server = new ApolloServer<ProvinceRequest>({
    schema: provinceSubgraphSchema(),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), answerExtras],
  });
  await server.start();
  const handle = graphqlHandler<ProvinceRequest>(server, async () => new ProvinceRequest(data, currentLegacyCalls() ?? {}), BODY_LIMIT_BYTES);

  const httpServer = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok', province: options.province, system: adapter.system });
    if (path !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    const calls: LegacyCalls = {};
    countingLegacyCalls(calls, () => handle(req, res)).catch(() => {
      if (res.headersSent) return void res.end();
      sendJson(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    });
  });
  httpServer.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/graphql`,
    data,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
    },
  };
}

export { countLegacyCall };
