import 'reflect-metadata';
import { adapterFor } from '../../adapters';
import { Clock } from '../../adapters/kit/clock';
import { openSharedCache } from '../../schema/cache/open-shared-cache';
import { CallerVerifier } from '../../schema/caller';
import { LiveCatalog } from '../../schema/registry/catalog/live-catalog';
import { openCatalogStore } from '../../schema/registry/catalog/open-catalog-store';
import { loadProvinceSubgraphConfig } from './config';
import { openMutualAidStores } from './mutual-aid/stores';
import { startProvinceSubgraph } from './server';
import { startTelemetry } from '../../schema/telemetry/start-telemetry';
import { DEFAULT_WARM_START } from './warm-start';
import { reduceHeap } from './reduce-heap';
import { announceReady } from '../../schema/ready-message';
import { missingProvinceNodeOptions } from './node-options';

/**
 * A province subgraph process: PROVINCE (SH|JS|ZJ|AH), PORT (4201..4204), HOST (127.0.0.1), CLOCK_NOW.
 * PROVINCE may list several (SH,JS,ZJ,AH) with PORT listing their ports in the same order (or
 * left to the defaults): each is still its own subgraph, with its own server, adapter, copies,
 * limits and metrics, only sharing the process, as `npm start` runs them to start in less time.
 */

async function main(): Promise<void> {
  const config = loadProvinceSubgraphConfig(process.env);
  const missing = missingProvinceNodeOptions(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length > 0) console.log(JSON.stringify({ level: 'warn', msg: 'province subgraph started without its node options: quiet minutes after a large pull cost extra full GCs', missing, start: `node ${missing.join(' ')} subgraphs/province/main.js` }));
  const telemetry = startTelemetry(`yrd-province-${config.provinces.map((p) => p.province.toLowerCase()).join('-')}`, process.env);
  const clock = config.clockStart ? Clock.startingAt(config.clockStart) : new Clock();
  const auth = new CallerVerifier(config.auth, 'accept');
  const catalog = await new LiveCatalog(openCatalogStore(config.registryStore)).start();
  const running = await Promise.all(
    config.provinces.map(async ({ province, port }) => {
      const cache = openSharedCache(config.cache);
      const subgraph = await startProvinceSubgraph({
        province,
        clock,
        port,
        host: config.host,
        adapter: (http) => adapterFor(province, config.legacy, clock, { ...config.http, ...http }),
        cache,
        ttls: config.ttls,
        pullWindowMs: config.pullWindowMs ?? undefined,
        changeFeedMaxAgeMs: config.changeFeedMaxAgeMs ?? undefined,
        historyWindowMs: config.historyWindowMs,
        mutualAid: openMutualAidStores(config.mutualAid.redisUrl, config.mutualAid.timings),
        auth,
        catalog,
        log: (line) => console.log(JSON.stringify(line)),
        reconcile: config.reconcile,
        ...(config.warmStart ? { warmStart: { ...DEFAULT_WARM_START, reduceHeap } } : {}),
      });
      console.log(JSON.stringify({ msg: 'province subgraph listening', province, url: subgraph.url }));
      return { province, subgraph, cache };
    }),
  );
  announceReady(Object.fromEntries(running.map((r) => [r.province, r.subgraph.url])));
  const stop = (): void => {
    Promise.all([...running.map(({ subgraph, cache }) => subgraph.close().then(() => cache.close())), catalog.close()]).then(() => telemetry.shutdown()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
