import { GraphQLError, getNamedType, isCompositeType, type FieldNode, type GraphQLCompositeType, type GraphQLFormattedError, type GraphQLObjectType } from 'graphql';
import type { ProvinceCode } from '../../schema/model';
import type { ShardCode } from './shard-code';
import { CursorError, decodeComposite, fingerprintArgs, startPosition, type CompositePosition } from './composite-cursor';
import { argumentValues, type ArgumentValues } from './argument-values';
import { connectionFieldForShard, servesSortKeys } from './connection-field';
import { unknownSources } from './data-quality';
import { responseKey } from './document';
import { keyError, routerError } from './error-paths';
import type { HoldingsView } from './credit-code-route';
import { valueAtPath, type Json, type JsonObject } from './json';
import { routeKey } from './key-routing';
import { ROOT_FIELDS, type RootFieldRule } from './routing-table';
import type { SelectionRewriter } from './selection';
import { ErrorCodes } from '../../schema/error-codes';
import { zoneByCode, zoneProvinces as provincesOfZone } from '../../schema/zones';

/** Which provinces one root field goes to, and as what. */
export interface RootPlan {
  field: FieldNode;
  key: string;
  rule: RootFieldRule;
  returnType: GraphQLCompositeType | null;
  provinces: ShardCode[];
  /** The field as sent to each province. */
  shardFields: Map<ShardCode, FieldNode>;
  args: ArgumentValues;
  /** Connections only: the page asked for. */
  page?: { first: number; incoming: CompositePosition };
}

export interface RootPlanLimits {
  provinces: readonly ProvinceCode[];
  /** The shards that are no province this router has a subgraph for (e.g. CR, the credit subgraph). */
  otherShards?: readonly ShardCode[];
  maxFirst: number;
  defaultFirst: number;
  /** The credit-code index's holdings, for root fields routed by credit code (see routesByCreditCode). */
  creditCodes?: HoldingsView | null;
}

/** The plans of the root fields that need shards; the others are answered already, in `data`. */
export interface RootPlanning {
  plans: RootPlan[];
  data: JsonObject;
  errors: GraphQLFormattedError[];
}

/** Whether any of these root fields is routed by credit code, so that planning needs the index's holdings. */
export function routesByCreditCode(fields: readonly FieldNode[]): boolean {
  return fields.some((f) => {
    const rule = ROOT_FIELDS[f.name.value];
    return rule?.kind === 'route' && rule.key === 'creditCode';
  });
}

type Planned = { plan: RootPlan } | { answer: Json; error?: GraphQLFormattedError };

/** Plans the root fields of one fetch by the routing table, without asking any shard. */
export function planRootFields(
  fields: readonly FieldNode[],
  rootType: GraphQLObjectType,
  variables: Record<string, unknown>,
  rewriter: SelectionRewriter,
  limits: RootPlanLimits,
): RootPlanning {
  const planning: RootPlanning = { plans: [], data: {}, errors: [] };
  for (const field of fields) {
    const planned = planRootField(field, rootType, variables, rewriter, limits);
    if ('plan' in planned) {
      planning.plans.push(planned.plan);
      continue;
    }
    planning.data[responseKey(field)] = planned.answer;
    if (planned.error) planning.errors.push(planned.error);
  }
  return planning;
}

function planRootField(field: FieldNode, rootType: GraphQLObjectType, variables: Record<string, unknown>, rewriter: SelectionRewriter, limits: RootPlanLimits): Planned {
  const key = responseKey(field);
  if (field.name.value === '__typename') return { answer: rootType.name };
  const def = rootType.getFields()[field.name.value];
  const rule = ROOT_FIELDS[field.name.value];
  if (!def || !rule) {
    return { answer: null, error: routerError(`the shard router has no rule for ${rootType.name}.${field.name.value}`, ErrorCodes.INTERNAL_SERVER_ERROR, [key]) };
  }
  let args: ArgumentValues;
  try {
    args = argumentValues(def, field, variables);
  } catch (e) {
    return { answer: null, error: routerError(e instanceof GraphQLError ? e.message : 'invalid arguments', ErrorCodes.BAD_USER_INPUT, [key]) };
  }
  const named = getNamedType(def.type);
  const returnType = isCompositeType(named) ? named : null;
  const rewritten = rewriter.rewriteField(field, rootType);
  const plan: RootPlan = { field, key, rule, returnType, provinces: [], shardFields: new Map(), args };

  if (rule.kind === 'route') {
    const route = routeKey(rule.key, valueAtPath(args, rule.arg), limits.creditCodes ?? null);
    if (route.kind === 'unheld') return { answer: null };
    if (route.kind !== 'province') return { answer: null, error: keyError(route, rule.arg, [key]) };
    plan.provinces = [route.province, ...(route.fallbacks ?? [])];
    for (const p of plan.provinces) plan.shardFields.set(p, rewritten);
    return { plan };
  }
  const others = rule.kind === 'connection' ? (rule.otherShards ?? []) : [];
  const unknown = unknownSources(valueAtPath(args, rule.provincesArg ?? ''), others);
  if (unknown.length > 0) return { answer: null, error: routerError(`argument "${rule.provincesArg}": unknown ${unknown.join(', ')}`, ErrorCodes.BAD_USER_INPUT, [key], { argument: rule.provincesArg }) };
  plan.provinces = provincesFrom(args, rule.provincesArg, [...limits.provinces, ...others.filter((s) => limits.otherShards?.includes(s))]);
  if (rule.kind === 'connection' && rule.zoneArg) {
    const zoned = zoneProvinces(valueAtPath(args, rule.zoneArg));
    if (zoned === 'unknown') return { answer: null, error: routerError(`argument "${rule.zoneArg}": unknown zone`, ErrorCodes.BAD_USER_INPUT, [key], { argument: rule.zoneArg }) };
    if (zoned) plan.provinces = plan.provinces.filter((p) => (zoned as readonly ShardCode[]).includes(p));
  }
  if (rule.kind === 'scatter') {
    for (const p of plan.provinces) plan.shardFields.set(p, rewritten);
    return { plan };
  }
  const first = typeof args.first === 'number' ? args.first : limits.defaultFirst;
  if (first < 0 || first > limits.maxFirst) {
    return { answer: null, error: routerError(`argument "first" of ${field.name.value} must be between 0 and ${limits.maxFirst}`, ErrorCodes.BAD_USER_INPUT, [key], { argument: 'first' }) };
  }
  let incoming: CompositePosition;
  try {
    incoming = typeof args.after === 'string' ? decodeComposite(args.after, field.name.value, fingerprintArgs(args)) : startPosition(field.name.value, args);
  } catch (e) {
    return { answer: null, error: routerError(e instanceof CursorError ? e.message : 'invalid cursor', ErrorCodes.BAD_USER_INPUT, [key], { argument: 'after' }) };
  }
  plan.page = { first, incoming };
  const sortKeys = servesSortKeys(returnType);
  for (const p of plan.provinces) {
    plan.shardFields.set(p, connectionFieldForShard(rewritten, incoming.positions[p], rule.merge === 'organisations', rule.parts?.sharedKeysField, sortKeys));
  }
  return { plan };
}

/** The provinces of the zone named (schema/zones.ts, read in process), null without a zone. */
function zoneProvinces(asked: unknown): ProvinceCode[] | null | 'unknown' {
  if (typeof asked !== 'string') return null;
  const zone = zoneByCode(asked.trim());
  return zone ? provincesOfZone(zone) : 'unknown';
}

/** The provinces named at the dotted argument `dotted` (in the region's order), or all of them. */
function provincesFrom(args: Record<string, unknown>, dotted: string | undefined, all: readonly ShardCode[]): ShardCode[] {
  const asked = dotted ? valueAtPath(args, dotted) : undefined;
  if (!Array.isArray(asked)) return [...all];
  return all.filter((p) => asked.includes(p));
}
