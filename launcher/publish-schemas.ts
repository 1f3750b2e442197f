import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import { changesNeedingApproval } from '../schema/registry/approval-policy';
import type { Registry } from '../schema/registry/registry';
import { PROVINCES_SUBGRAPH, shardIdentityErrors } from '../schema/registry/sharded-subgraphs';

/**
 * Publishes what the running subgraphs serve to the schema registry before the gateway starts on
 * its live version: region, registry, the provinces as one logical subgraph once the four
 * shards are seen to serve the same SDL, and credit. A publish the registry refuses (composition error, drift,
 * an unapproved breaking or dangerous change) stops the start, with the registry's reasons.
 */

export interface RunningSubgraphUrls {
  region: string;
  registry: string;
  provinces: Record<ProvinceCode, string>;
  /** The credit platform's subgraph, published after the provinces whose entities it extends. */
  credit?: string;
}

export class PublishRefusedError extends Error {
  readonly code = 'SCHEMA_PUBLISH_REFUSED';
}

async function serviceSdl(url: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
  const body = (await res.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} did not answer its subgraph SDL`);
  return sdl;
}

export async function publishRunningSchemas(registry: Registry, urls: RunningSubgraphUrls, by: string): Promise<{ subgraph: string; status: string; version: number | null }[]> {
  const shards = await Promise.all(PROVINCE_CODES.map(async (p) => ({ name: `province-${p}`, url: urls.provinces[p], sdl: await serviceSdl(urls.provinces[p]) })));
  const drift = shardIdentityErrors(shards.map((s) => ({ ...s, sdlHash: '' })), [PROVINCES_SUBGRAPH]);
  if (drift.length > 0) throw new PublishRefusedError(drift.join('; '));
  const inputs = [
    { subgraph: 'region', url: urls.region, sdl: await serviceSdl(urls.region) },
    { subgraph: PROVINCES_SUBGRAPH.name, url: PROVINCES_SUBGRAPH.url, sdl: shards[0].sdl },
    { subgraph: 'registry', url: urls.registry, sdl: await serviceSdl(urls.registry) },
    ...(urls.credit ? [{ subgraph: 'credit', url: urls.credit, sdl: await serviceSdl(urls.credit) }] : []),
  ];
  const outcomes = [];
  for (const input of inputs) {
    const outcome = await registry.publish({ ...input, by });
    if (outcome.status === 'refused') {
      const reasons = [...outcome.check.errors, ...changesNeedingApproval(outcome.check.changes).map((c) => `${c.criticality} ${c.path ?? ''}: ${c.message}`)];
      throw new PublishRefusedError(`the registry refused ${input.subgraph}: ${reasons.join('; ')} (approve with: npm run registry -- publish --subgraph ${input.subgraph} ... --approve "reason")`);
    }
    outcomes.push({ subgraph: input.subgraph, status: outcome.status, version: outcome.version?.number ?? null });
  }
  return outcomes;
}
