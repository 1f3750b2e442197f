import { TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { preferredHolding, type Holding } from '../../schema/credit-code-holders';
import type { ProvinceCode } from '../../schema/model';
import type { ShardCode } from './shard-code';
import { isObject, type Json } from './json';
import { routeCreditCode, type KeyRoute } from './key-routing';
import { CROSS_SHARD_REFERENCES, ENTITIES } from './routing-table';

/**
 * Where a credit code sends a request. Registering authority and site are different things: a
 * company registered in one province can have a site that only another province's system lists.
 */

/** What is known of each province's holdings: its credit codes with their records' updatedAt (ms), or null while not known. */
export type HoldingsView = ReadonlyMap<ProvinceCode, ReadonlyMap<string, number> | null>;

/**
 * A route by key. `fallbacks`: provinces to ask as well, whose answer counts, in this order, only
 * when those before it answer null (while the index does not know every province). `unheld`: a
 * code of the region that no province holds: null, and nobody is asked.
 */
export type Route = { kind: 'province'; province: ProvinceCode; fallbacks?: readonly ProvinceCode[] } | { kind: 'unheld' } | Exclude<KeyRoute, { kind: 'province' }>;

/**
 * The registering province when it holds the code; else the province the index names by the rule
 * of schema/credit-code-holders.ts (the oldest record); else nobody: null, with OUTSIDE_REGION for
 * a code registered outside the region. Provinces whose holdings are not known yet are asked too:
 * the registering one first, the others only when no known province holds the code.
 */
export function routeCreditCodeBy(code: string, view: HoldingsView): Route {
  let routes = routesByView.get(view);
  if (!routes) routesByView.set(view, (routes = new Map()));
  let route = routes.get(code);
  if (!route) {
    route = Object.freeze(routeBy(code, view));
    // Codes come from requests: past the bound (far above the region's enterprises), routes are not kept.
    if (routes.size < MAX_ROUTES_PER_VIEW) routes.set(code, route);
  }
  return route;
}

/** Routes kept with the view they were made by (the index gives the same view while its holdings stay the same). */
const routesByView = new WeakMap<HoldingsView, Map<string, Route>>();
const MAX_ROUTES_PER_VIEW = 50_000;

function routeBy(code: string, view: HoldingsView): Route {
  const key = routeCreditCode(code);
  if (key.kind === 'malformed') return key;
  const normalised = code.trim().toUpperCase();
  const registering = key.kind === 'province' ? key.province : null;
  const holdings: Holding[] = [];
  const unknown: ProvinceCode[] = [];
  for (const [province, part] of view) {
    if (!part) unknown.push(province);
    else if (part.has(normalised)) holdings.push({ province, updatedAt: part.get(normalised) as number });
  }
  const preferred = preferredHolding(normalised, holdings);
  const order: ProvinceCode[] = registering && unknown.includes(registering) && preferred?.province !== registering ? [registering] : [];
  if (preferred) order.push(preferred.province);
  else order.push(...unknown.filter((p) => p !== registering));
  if (order.length === 0) return registering ? { kind: 'unheld' } : key;
  return { kind: 'province', province: order[0], fallbacks: Object.freeze(order.slice(1)) };
}

/** Whether an entity representation is routed by its credit code (its rule's first key that it carries). */
export function routedByCreditCode(representation: Json): boolean {
  if (!isObject(representation)) return false;
  const rule = ENTITIES[String(representation.__typename)];
  if (rule?.kind !== 'route') return false;
  return rule.keys.find((k) => typeof representation[k.field] === 'string')?.key === 'creditCode';
}

/** The first answer that is not null, in the order of the provinces asked. */
export function firstHeld<P extends { province: ShardCode; value: Json | undefined }>(order: readonly ShardCode[], parts: readonly P[]): Json {
  for (const province of order) {
    const value = parts.find((p) => p.province === province)?.value;
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

const referencing = new WeakMap<OperationDefinitionNode, boolean>();

/** Whether a fetch selects a reference resolved by credit code (e.g. WaybillParty.enterprise): then the index will be needed. */
export function selectsCreditCodeReference(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  let found = referencing.get(operation);
  if (found === undefined) {
    found = false;
    const typeInfo = new TypeInfo(schema);
    visit(
      operation,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const reference = CROSS_SHARD_REFERENCES[`${typeInfo.getParentType()?.name ?? ''}.${node.name.value}`];
          if (reference?.keys.includes('creditCode')) found = true;
        },
      }),
    );
    referencing.set(operation, found);
  }
  return found;
}
