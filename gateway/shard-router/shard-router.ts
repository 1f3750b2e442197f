import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  isCompositeType,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { CursorError, decodeComposite, fingerprintArgs, type CompositePosition } from './composite-cursor';
import { connectionFieldForShard, mergeConnection, partsFieldForShard, type ConnectionPart } from './connection';
import { CreditCodeIndex } from './credit-code-index';
import { firstHeld, routeCreditCodeBy, routedByCreditCode, selectsCreditCodeReference, type HoldingsView, type Route } from './credit-code-route';
import { DocumentCache, operationWith, responseKey, selectionSetOf } from './document';
import { ROUTER_ALIAS_PREFIX, isObject, stripRouterFields, type Json, type JsonObject } from './json';
import { routeAdcode, routeCreditCode, routeGlobalId, type KeyRoute } from './key-routing';
import { mergeMaterialTotals, mergeVehicle, type ShardPart } from './merge';
import { CROSS_SHARD_REFERENCES, ENTITIES, ROOT_FIELDS, type KeyKind, type ObjectMerge, type PartsRule, type RootFieldRule } from './routing-table';
import { SelectionRewriter, findReferences, type FoundReference } from './selection';
import { ShardFailure, type ShardCall, type ShardRequest, type ShardResponse, type ShardTransport } from './shard-transport';

/** Compares two province cursors of a connection in its documented order (schema/orders.ts). */
export type CursorComparatorFor = (field: string, args: Record<string, unknown>) => (a: string, b: string) => number;

export interface ShardRouterOptions {
  transport: ShardTransport;
  compareCursors: CursorComparatorFor;
  provinces?: readonly ProvinceCode[];
  /** Each province's deadline for one fetch. */
  timeoutMs?: number;
  /** The provinces subgraph SDL; otherwise learnt when the gateway loads the schema. */
  sdl?: string;
  maxFirst?: number;
  defaultFirst?: number;
  /** Which province holds which credit code; default learnt over `transport` from the province subgraphs. */
  creditCodes?: CreditCodeIndex;
}

type IncomingOptions = Extract<GraphQLDataSourceProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;
type Variables = Record<string, unknown>;

interface Execution {
  options: IncomingOptions | null;
  errors: GraphQLFormattedError[];
  /** The shortest time any shard's answer holds (s); a failed shard's is 0. Infinity while no shard was asked. */
  maxAgeS: number;
}

type ShardResult = { ok: true; response: ShardResponse } | { ok: false; failure: ShardFailure };

/** What the provinces answered for one root field. */
interface CollectedParts {
  parts: ShardPart[];
  /** Provinces asked but not answering. */
  unavailable: ProvinceCode[];
  failures: { province: ProvinceCode; failure: ShardFailure }[];
  shardErrors: { province: ProvinceCode; error: GraphQLFormattedError }[];
}

/** The other provinces' parts of a connection page's records (see PartsRule). */
interface Completion {
  alias: string;
  parts: ConnectionPart[];
  failures: { province: ProvinceCode; failure: ShardFailure }[];
  unavailable: ProvinceCode[];
  shardErrors: { province: ProvinceCode; error: GraphQLFormattedError }[];
}

interface RootPlan {
  field: FieldNode;
  key: string;
  rule: RootFieldRule;
  returnType: GraphQLCompositeType | null;
  provinces: ProvinceCode[];
  /** The field as sent to each province. */
  shardFields: Map<ProvinceCode, FieldNode>;
  args: Record<string, unknown>;
  incoming?: CompositePosition;
  first?: number;
}

const REPS_VAR = `${ROUTER_ALIAS_PREFIX}reps`;
const REPS_DEFINITION: VariableDefinitionNode = {
  kind: Kind.VARIABLE_DEFINITION,
  variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPS_VAR } },
  type: {
    kind: Kind.NON_NULL_TYPE,
    type: { kind: Kind.LIST_TYPE, type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } } },
  },
};

function error(message: string, code: string, path: readonly (string | number)[] | undefined, extra: Record<string, unknown> = {}): GraphQLFormattedError {
  return { message, path, extensions: { code, ...extra } };
}

function valueAt(args: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = args;
  for (const part of dotted.split('.')) value = isObject(value as Json) ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

function routeKey(kind: KeyKind, value: unknown, creditCodes: HoldingsView | null = null): Route {
  if (typeof value !== 'string') return { kind: 'malformed', reason: 'the key is missing' };
  if (kind === 'globalId') return routeGlobalId(value);
  if (kind === 'creditCode') return creditCodes ? routeCreditCodeBy(value, creditCodes) : routeCreditCode(value);
  return routeAdcode(value);
}

/**
 * The data source of the logical `provinces` subgraph: routes or scatters each fetch the query
 * planner makes to the four province subgraphs and merges their answers into one, so that the
 * planner and the executor never know there are four.
 */
export class ShardRouter implements GraphQLDataSource {
  private readonly documents = new DocumentCache();
  private readonly provinces: readonly ProvinceCode[];
  private readonly timeoutMs: number;
  private readonly maxFirst: number;
  private readonly defaultFirst: number;
  private schema: GraphQLSchema | null = null;
  private rewriter: SelectionRewriter | null = null;
  private readonly creditCodes: CreditCodeIndex;

  constructor(private readonly config: ShardRouterOptions) {
    this.provinces = config.provinces ?? PROVINCE_CODES;
    this.timeoutMs = config.timeoutMs ?? 10_000;
    this.creditCodes = config.creditCodes ?? new CreditCodeIndex({ transport: config.transport, provinces: this.provinces, timeoutMs: this.timeoutMs });
    this.maxFirst = config.maxFirst ?? 500;
    this.defaultFirst = config.defaultFirst ?? 50;
    if (config.sdl) this.useSdl(config.sdl);
  }

  /** Hook: headers to forward to every shard for this request (authorization, request id). */
  protected headersFor(options: IncomingOptions | null): Record<string, string> {
    const headers: Record<string, string> = {};
    const incoming = options?.request.http?.headers;
    if (incoming) {
      for (const name of ['authorization', 'x-request-id']) {
        const v = incoming.get(name);
        if (v) headers[name] = v;
      }
    }
    return headers;
  }

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return this.processAdministrative(options.request.query ?? '');
    const exec: Execution = { options, errors: [], maxAgeS: Number.POSITIVE_INFINITY };
    const prepared = this.documents.get(options.request.query ?? '', options.request.operationName);
    const variables = definedOnly((options.request.variables ?? {}) as Variables);
    await this.ensureSchema();
    // Loads the index while the shards answer, rather than after them: their references will need it.
    if (selectsCreditCodeReference(this.s, prepared.operation)) setImmediate(() => void this.creditCodes.view(this.headersFor(options)));
    const roots = rootFields(prepared.operation.selectionSet.selections);
    const data =
      roots.length === 1 && roots[0].name.value === '_entities'
        ? await this.executeEntities(prepared.operation, roots[0], variables, exec)
        : await this.executeRoot(prepared.operation, roots, variables, exec);
    stripRouterFields(data);
    if (Number.isFinite(exec.maxAgeS)) this.restrictCachePolicy(options, exec.maxAgeS);
    return exec.errors.length > 0 ? { data, errors: exec.errors } : { data };
  }

  /** The whole answer holds no longer than its shortest-lived part, as Apollo's data sources restrict it by each subgraph's Cache-Control. */
  private restrictCachePolicy(options: IncomingOptions, maxAgeS: number): void {
    const policy = options.incomingRequestContext.overallCachePolicy;
    if (policy && 'restrict' in policy) policy.restrict({ maxAge: maxAgeS, scope: 'PRIVATE' });
  }

  /** Schema loading and health checks go to every shard; all must serve the same SDL. */
  private async processAdministrative(query: string): Promise<GatewayGraphQLResponse> {
    const results = await this.sendAll([...this.provinces], { query }, null);
    const failed = results.filter((r) => !r.result.ok);
    if (failed.length > 0) {
      throw new Error(`provinces subgraph: ${failed.map((f) => f.province).join(', ')} unreachable`);
    }
    const responses = results.map((r) => ({ province: r.province, response: (r.result as { ok: true; response: ShardResponse }).response }));
    const sdls = responses.map((r) => {
      const service = r.response.data?._service;
      return isObject(service) && typeof service.sdl === 'string' ? service.sdl : null;
    });
    if (sdls[0] !== null) {
      const drift = responses.filter((_, i) => sdls[i] !== sdls[0]).map((r) => r.province);
      if (drift.length > 0) throw new Error(`shard identity check failed: ${drift.join(', ')} serve a different SDL from ${responses[0].province}`);
      this.useSdl(sdls[0]);
    }
    return responses[0].response as GatewayGraphQLResponse;
  }

  private useSdl(sdl: string): void {
    this.schema = buildSubgraphSchema(parse(sdl));
    this.rewriter = new SelectionRewriter(this.schema);
  }

  private async ensureSchema(): Promise<void> {
    if (this.schema) return;
    await this.processAdministrative('query __ApolloGetServiceDefinition__ { _service { sdl } }');
  }

  private get s(): GraphQLSchema {
    if (!this.schema) throw new Error('provinces subgraph schema not loaded');
    return this.schema;
  }

  private get r(): SelectionRewriter {
    if (!this.rewriter) throw new Error('provinces subgraph schema not loaded');
    return this.rewriter;
  }

  // ------------------------------------------------------------------ root fields

  private async executeRoot(operation: OperationDefinitionNode, fields: FieldNode[], variables: Variables, exec: Execution): Promise<JsonObject> {
    const rootType = operation.operation === 'mutation' ? this.s.getMutationType() : this.s.getQueryType();
    if (!rootType) throw new Error(`provinces subgraph has no ${operation.operation} type`);
    const data: JsonObject = {};
    const plans: RootPlan[] = [];

    for (const field of fields) {
      const key = responseKey(field);
      if (field.name.value === '__typename') {
        data[key] = rootType.name;
        continue;
      }
      const def = rootType.getFields()[field.name.value];
      const rule = ROOT_FIELDS[field.name.value];
      if (!def || !rule) {
        data[key] = null;
        exec.errors.push(error(`the shard router has no rule for ${rootType.name}.${field.name.value}`, 'INTERNAL_SERVER_ERROR', [key]));
        continue;
      }
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(def, field, variables);
      } catch (e) {
        data[key] = null;
        exec.errors.push(error(e instanceof GraphQLError ? e.message : 'invalid arguments', 'BAD_USER_INPUT', [key]));
        continue;
      }
      const named = getNamedType(def.type);
      const returnType = isCompositeType(named) ? named : null;
      const rewritten = this.r.rewriteField(field, rootType);
      const plan: RootPlan = { field, key, rule, returnType, provinces: [], shardFields: new Map(), args };

      if (rule.kind === 'route') {
        const route = routeKey(rule.key, valueAt(args, rule.arg), rule.key === 'creditCode' ? await this.creditCodes.view(this.headersFor(exec.options)) : null);
        if (route.kind !== 'province') {
          data[key] = null;
          if (route.kind !== 'unheld') exec.errors.push(this.keyError(route, rule.arg, [key]));
          continue;
        }
        plan.provinces = [route.province, ...(route.fallbacks ?? [])];
        for (const p of plan.provinces) plan.shardFields.set(p, rewritten);
      } else {
        plan.provinces = this.provincesFrom(args, rule.provincesArg);
        if (rule.kind === 'connection') {
          const first = typeof args.first === 'number' ? args.first : this.defaultFirst;
          if (first < 0 || first > this.maxFirst) {
            data[key] = null;
            exec.errors.push(error(`argument "first" of ${field.name.value} must be between 0 and ${this.maxFirst}`, 'BAD_USER_INPUT', [key], { argument: 'first' }));
            continue;
          }
          const fingerprint = fingerprintArgs(args);
          try {
            plan.incoming = typeof args.after === 'string' ? decodeComposite(args.after, field.name.value, fingerprint) : { field: field.name.value, fingerprint, positions: {} };
          } catch (e) {
            data[key] = null;
            exec.errors.push(error(e instanceof CursorError ? e.message : 'invalid cursor', 'BAD_USER_INPUT', [key], { argument: 'after' }));
            continue;
          }
          plan.first = first;
          for (const p of plan.provinces) {
            plan.shardFields.set(p, connectionFieldForShard(rewritten, plan.incoming.positions[p], rule.merge === 'organisations', rule.parts?.sharedKeysField));
          }
        } else {
          for (const p of plan.provinces) plan.shardFields.set(p, rewritten);
        }
      }
      plans.push(plan);
    }

    const byProvince = new Map<ProvinceCode, FieldNode[]>();
    for (const plan of plans) {
      for (const [p, f] of plan.shardFields) byProvince.set(p, [...(byProvince.get(p) ?? []), f]);
    }
    const results = new Map(
      (
        await Promise.all(
          [...byProvince].map(async ([province, shardFields]) => {
            const document = operationWith(operation, shardFields);
            return [province, await this.send(province, document, variables, exec)] as const;
          }),
        )
      ).map(([p, r]) => [p, r]),
    );

    const collected = new Map(plans.map((plan) => [plan, this.collectParts(plan, results)] as const));
    const completions = await this.completeParts(operation, plans, collected, variables, exec);

    const found: FoundReference[] = [];
    for (const plan of plans) {
      data[plan.key] = this.assembleRoot(plan, collected.get(plan) as CollectedParts, exec, completions.get(plan));
      const sample = plan.shardFields.values().next().value;
      if (sample?.selectionSet && plan.returnType) {
        findReferences(this.s, this.r, data[plan.key], sample.selectionSet, plan.returnType, [plan.key], found);
      }
    }
    await this.resolveReferences(found, operation, variables, exec);
    return data;
  }

  private collectParts(plan: RootPlan, results: Map<ProvinceCode, ShardResult>): CollectedParts {
    const { key, rule } = plan;
    const collected: CollectedParts = { parts: [], unavailable: [], failures: [], shardErrors: [] };
    for (const province of plan.provinces) {
      const result = results.get(province);
      if (!result) continue;
      if (!result.ok) {
        collected.unavailable.push(province);
        collected.failures.push({ province, failure: result.failure });
        continue;
      }
      const value = result.response.data ? result.response.data[key] : undefined;
      for (const e of result.response.errors ?? []) {
        if (e.path?.[0] === key || (!e.path && value === undefined)) collected.shardErrors.push({ province, error: e });
      }
      if (value === null || value === undefined) {
        const fatal = (result.response.errors ?? []).find((e) => e.path?.[0] === key && e.path.length === 1);
        const code = fatal?.extensions?.code;
        if (rule.kind !== 'route' && (code === 'PROVINCE_UNAVAILABLE' || code === 'PROVINCE_TIMEOUT' || !result.response.data)) collected.unavailable.push(province);
      }
      collected.parts.push({ province, value });
    }
    return collected;
  }

  private mergeOptions(plan: RootPlan, collected: CollectedParts): Parameters<typeof mergeConnection>[0] {
    const rule = plan.rule as Extract<RootFieldRule, { kind: 'connection' }>;
    return {
      field: plan.field,
      first: plan.first ?? this.defaultFirst,
      incoming: plan.incoming as CompositePosition,
      parts: collected.parts.map((p): ConnectionPart => ({ province: p.province, value: isObject(p.value) ? p.value : null })),
      unavailable: collected.unavailable,
      compareCursors: this.config.compareCursors(plan.field.name.value, plan.args),
      organisations: rule.merge === 'organisations',
      sharedKeys: rule.parts !== undefined,
    };
  }

  /**
   * For connections whose records provinces hold in parts (PartsRule), filtered: asks every
   * province missing from one of the page's records for its part of it, one request per province
   * for all such fields.
   */
  private async completeParts(
    operation: OperationDefinitionNode,
    plans: readonly RootPlan[],
    collected: ReadonlyMap<RootPlan, CollectedParts>,
    variables: Variables,
    exec: Execution,
  ): Promise<Map<RootPlan, Completion>> {
    const completions = new Map<RootPlan, Completion>();
    const byProvince = new Map<ProvinceCode, FieldNode[]>();
    for (const plan of plans) {
      const rule = plan.rule;
      if (rule.kind !== 'connection' || !rule.parts || !filtered(plan.args, rule.parts)) continue;
      const parts = collected.get(plan) as CollectedParts;
      const { page } = mergeConnection(this.mergeOptions(plan, parts));
      const alias = `${ROUTER_ALIAS_PREFIX}parts_${plan.key}`;
      completions.set(plan, { alias, parts: [], failures: [], unavailable: [], shardErrors: [] });
      for (const province of plan.provinces) {
        const answered = parts.parts.some((p) => p.province === province && isObject(p.value)) && !parts.unavailable.includes(province);
        const shardField = plan.shardFields.get(province);
        const keys = page.flatMap((r) => (r.key !== null && !r.provinces.includes(province) ? [r.key] : []));
        if (!answered || !shardField || keys.length === 0) continue;
        byProvince.set(province, [...(byProvince.get(province) ?? []), partsFieldForShard(shardField, alias, rule.parts, keys)]);
      }
    }
    if (byProvince.size === 0) return completions;
    await Promise.all(
      [...byProvince].map(async ([province, fields]) => {
        const result = await this.send(province, operationWith(operation, fields), variables, exec);
        for (const completion of completions.values()) {
          if (!fields.some((f) => f.alias?.value === completion.alias)) continue;
          if (!result.ok) {
            completion.failures.push({ province, failure: result.failure });
            continue;
          }
          const value = result.response.data?.[completion.alias];
          const reported = isObject(value) ? value[`${ROUTER_ALIAS_PREFIX}u`] : null;
          if (!isObject(value) || (Array.isArray(reported) && reported.length > 0)) completion.unavailable.push(province);
          completion.parts.push({ province, value: isObject(value) ? value : null });
          for (const e of result.response.errors ?? []) if (e.path?.[0] === completion.alias) completion.shardErrors.push({ province, error: e });
        }
      }),
    );
    return completions;
  }

  private assembleRoot(plan: RootPlan, collected: CollectedParts, exec: Execution, completion?: Completion): Json {
    const { key, rule } = plan;
    const { parts, failures, shardErrors } = collected;
    for (const { province, failure } of failures) exec.errors.push(error(failure.message, failure.code, [key], { province }));

    if (rule.kind === 'route') {
      for (const { province, error: e } of shardErrors) exec.errors.push(withProvince(e, province));
      return firstHeld(plan.provinces, parts);
    }
    if (rule.kind === 'scatter') {
      for (const { province, error: e } of shardErrors) exec.errors.push(withProvince(truncateListPath(e, 2), province));
      return this.mergeObjects(rule.merge, parts, plan.field);
    }
    const options = this.mergeOptions(plan, collected);
    const merged = mergeConnection({
      ...options,
      unavailable: [...options.unavailable, ...(completion?.failures.map((f) => f.province) ?? []), ...(completion?.unavailable ?? [])],
      completions: completion?.parts,
    });
    const atMergedEdge = (e: GraphQLFormattedError, province: ProvinceCode, indexes: Map<ProvinceCode, Map<number, number>>): GraphQLFormattedError | null => {
      if (!e.path) return withProvince(e, province);
      const path = e.path;
      if (path.length >= 3 && merged.edgesKeys.includes(String(path[1])) && typeof path[2] === 'number') {
        const to = indexes.get(province)?.get(path[2]);
        return to === undefined ? null : withProvince({ ...e, path: [key, path[1], to, ...path.slice(3)] }, province);
      }
      return withProvince({ ...e, path: [key, ...path.slice(1)] }, province);
    };
    const reported = new Set<string>();
    for (const { province, error: e } of shardErrors) {
      const placed = atMergedEdge(e, province, merged.edgeIndex);
      if (!placed) continue;
      reported.add(errorIdentity(placed));
      exec.errors.push(placed);
    }
    for (const { province, failure } of completion?.failures ?? []) exec.errors.push(error(failure.message, failure.code, [key], { province }));
    for (const { province, error: e } of completion?.shardErrors ?? []) {
      const placed = atMergedEdge(e, province, merged.completionIndex);
      if (placed && !reported.has(errorIdentity(placed))) exec.errors.push(placed);
    }
    return merged.value;
  }

  private mergeObjects(merge: ObjectMerge, parts: ShardPart[], field: FieldNode): Json {
    return merge === 'vehicle' ? mergeVehicle(parts, field.selectionSet) : mergeMaterialTotals(parts, field.selectionSet);
  }

  private keyError(route: Exclude<KeyRoute, { kind: 'province' }>, argument: string, path: (string | number)[]): GraphQLFormattedError {
    return route.kind === 'outside'
      ? error(`${route.reason}; no province of the region holds it`, 'OUTSIDE_REGION', path, { argument })
      : error(`argument "${argument}": ${route.reason}`, 'BAD_USER_INPUT', path, { argument });
  }

  private provincesFrom(args: Record<string, unknown>, dotted: string | undefined): ProvinceCode[] {
    const asked = dotted ? valueAt(args, dotted) : undefined;
    if (!Array.isArray(asked)) return [...this.provinces];
    return this.provinces.filter((p) => asked.includes(p));
  }

  // ------------------------------------------------------------------ entities

  private async executeEntities(operation: OperationDefinitionNode, field: FieldNode, variables: Variables, exec: Execution): Promise<JsonObject> {
    const key = responseKey(field);
    const def = this.s.getQueryType()?.getFields()._entities;
    const entityType = this.s.getType('_Entity');
    if (!def || !entityType || !isCompositeType(entityType)) throw new Error('provinces subgraph has no _entities');
    const args = getArgumentValues(def, field, variables);
    const reps = (Array.isArray(args.representations) ? args.representations : []) as JsonObject[];
    const result: Json[] = reps.map(() => null);
    const rewritten: FieldNode = {
      ...field,
      arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'representations' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPS_VAR } } }],
      selectionSet: this.r.rewrite(field.selectionSet ?? selectionSetOf([]), entityType),
    };

    const groups = new Map<ProvinceCode, number[]>();
    const scattered: number[] = [];
    const fallbacks = new Map<number, ProvinceCode[]>();
    const creditCodes = reps.some(routedByCreditCode) ? await this.creditCodes.view(this.headersFor(exec.options)) : null;
    reps.forEach((rep, i) => {
      const typename = typeof rep.__typename === 'string' ? rep.__typename : '';
      const rule = ENTITIES[typename];
      if (!rule) {
        exec.errors.push(error(`the shard router has no rule for entity ${typename}`, 'INTERNAL_SERVER_ERROR', [key, i]));
        return;
      }
      if (rule.kind === 'scatter') {
        scattered.push(i);
        for (const p of this.provinces) groups.set(p, [...(groups.get(p) ?? []), i]);
        return;
      }
      const keyField = rule.keys.find((k) => typeof rep[k.field] === 'string');
      const route = keyField ? routeKey(keyField.key, rep[keyField.field], creditCodes) : ({ kind: 'malformed', reason: 'no key field' } as const);
      if (route.kind !== 'province') {
        if (route.kind !== 'unheld') exec.errors.push(this.keyError(route, keyField?.field ?? 'representation', [key, i]));
        return;
      }
      const asked = [route.province, ...(route.fallbacks ?? [])];
      if (asked.length > 1) fallbacks.set(i, asked);
      for (const p of asked) groups.set(p, [...(groups.get(p) ?? []), i]);
    });

    const document = operationWith(operation, [rewritten], [REPS_DEFINITION]);
    const results = await Promise.all(
      [...groups].map(async ([province, indexes]) => {
        const vars = { ...variables, [REPS_VAR]: indexes.map((i) => reps[i]) };
        return { province, indexes, result: await this.send(province, document, vars, exec) };
      }),
    );

    const scatterParts = new Map<number, ShardPart[]>();
    const isScattered = new Set([...scattered, ...fallbacks.keys()]);
    for (const { province, indexes, result: r } of results) {
      if (!r.ok) {
        for (const i of indexes) exec.errors.push(error(r.failure.message, r.failure.code, [key, i], { province }));
        continue;
      }
      const list = r.response.data?.[key];
      const answers = Array.isArray(list) ? list : [];
      indexes.forEach((i, j) => {
        if (isScattered.has(i)) scatterParts.set(i, [...(scatterParts.get(i) ?? []), { province, value: answers[j] }]);
        else result[i] = answers[j] ?? null;
      });
      for (const e of r.response.errors ?? []) {
        const path = e.path ?? [];
        const j = path[1];
        if (path[0] === key && typeof j === 'number' && indexes[j] !== undefined) {
          const i = indexes[j];
          exec.errors.push(withProvince(isScattered.has(i) ? { ...e, path: [key, i, ...path.slice(2, 3)] } : { ...e, path: [key, i, ...path.slice(2)] }, province));
        } else {
          exec.errors.push(withProvince({ ...e, path: [key] }, province));
        }
      }
    }
    for (const i of scattered) {
      const typename = String(reps[i].__typename);
      const rule = ENTITIES[typename];
      const selection = fragmentSelection(field, typename);
      result[i] = rule?.kind === 'scatter' ? this.mergeObjects(rule.merge, scatterParts.get(i) ?? [], { ...field, selectionSet: selection }) : null;
    }
    for (const [i, asked] of fallbacks) result[i] = firstHeld(asked, scatterParts.get(i) ?? []);

    const found: FoundReference[] = [];
    findReferences(this.s, this.r, result, rewritten.selectionSet ?? selectionSetOf([]), entityType, [key], found);
    await this.resolveReferences(found, operation, variables, exec);
    return { [key]: result };
  }

  // ------------------------------------------------------------------ cross-shard references

  private async resolveReferences(found: FoundReference[], template: OperationDefinitionNode, variables: Variables, exec: Execution): Promise<void> {
    const byPoint = new Map<FieldNode, FoundReference[]>();
    for (const f of found) byPoint.set(f.point.original, [...(byPoint.get(f.point.original) ?? []), f]);
    await Promise.all(
      [...byPoint].map(async ([original, refs]) => {
        const point = refs[0].point;
        const indexOf = new Map<string, number>();
        const representations: JsonObject[] = [];
        const slots: { ref: FoundReference; index: number }[] = [];
        for (const ref of refs) {
          const rep: JsonObject = { __typename: point.type };
          let complete = true;
          for (const k of point.keys) {
            const v = ref.value[`${ROUTER_ALIAS_PREFIX}k_${k}`];
            if (v === null || v === undefined) complete = false;
            else rep[k] = v;
          }
          if (!complete) {
            setAt(ref.holder, ref.at, null);
            continue;
          }
          const id = JSON.stringify(rep);
          let index = indexOf.get(id);
          if (index === undefined) {
            index = representations.length;
            indexOf.set(id, index);
            representations.push(rep);
          }
          slots.push({ ref, index });
        }
        if (representations.length === 0) return;
        const entitiesField: FieldNode = {
          kind: Kind.FIELD,
          name: { kind: Kind.NAME, value: '_entities' },
          arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'representations' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPS_VAR } } }],
          selectionSet: selectionSetOf([
            {
              kind: Kind.INLINE_FRAGMENT,
              typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: point.type } },
              selectionSet: original.selectionSet ?? selectionSetOf([]),
            },
          ]),
        };
        const document = operationWith({ ...template, operation: 'query' as never }, [entitiesField], [REPS_DEFINITION]);
        const operation = document.definitions[0] as OperationDefinitionNode;
        const inner: Execution = { options: exec.options, errors: [], maxAgeS: Number.POSITIVE_INFINITY };
        const answer = await this.executeEntities(operation, entitiesField, { ...variables, [REPS_VAR]: representations }, inner);
        exec.maxAgeS = Math.min(exec.maxAgeS, inner.maxAgeS);
        const list = answer._entities;
        const entities = Array.isArray(list) ? list : [];
        for (const { ref, index } of slots) setAt(ref.holder, ref.at, entities[index] ?? null);
        for (const e of inner.errors) {
          // A reference to a code no province holds is null, as the field says, not an error.
          if (e.extensions?.code === 'OUTSIDE_REGION') continue;
          const path = e.path ?? [];
          const slot = typeof path[1] === 'number' ? slots.find((s) => s.index === path[1]) : undefined;
          exec.errors.push({ ...e, path: slot ? [...slot.ref.path, ...path.slice(2)] : refs[0].path });
        }
      }),
    );
  }

  // ------------------------------------------------------------------ transport

  private async send(province: ProvinceCode, document: DocumentNode, variables: Variables, exec: Execution): Promise<ShardResult> {
    const request: ShardRequest = { query: print(document), variables };
    const call: ShardCall = { province, headers: this.headersFor(exec.options), timeoutMs: this.timeoutMs };
    try {
      const response = await this.config.transport.send(call, request);
      this.creditCodes.observe(province, response, call.headers);
      exec.maxAgeS = Math.min(exec.maxAgeS, response.maxAgeS ?? 0);
      return { ok: true, response };
    } catch (e) {
      exec.maxAgeS = 0;
      return { ok: false, failure: e instanceof ShardFailure ? e : new ShardFailure(province, 'PROVINCE_UNAVAILABLE', `${province} subgraph failed`) };
    }
  }

  private async sendAll(provinces: ProvinceCode[], request: ShardRequest, options: IncomingOptions | null): Promise<{ province: ProvinceCode; result: ShardResult }[]> {
    return Promise.all(
      provinces.map(async (province) => {
        const call: ShardCall = { province, headers: this.headersFor(options), timeoutMs: this.timeoutMs };
        try {
          return { province, result: { ok: true, response: await this.config.transport.send(call, request) } as ShardResult };
        } catch (e) {
          return { province, result: { ok: false, failure: e instanceof ShardFailure ? e : new ShardFailure(province, 'PROVINCE_UNAVAILABLE', `${province} failed`) } as ShardResult };
        }
      }),
    );
  }
}

function definedOnly(variables: Variables): Variables {
  const out: Variables = {};
  for (const [k, v] of Object.entries(variables)) if (v !== undefined) out[k] = v;
  return out;
}

function rootFields(selections: readonly SelectionNode[]): FieldNode[] {
  return selections.flatMap((s) => (s.kind === Kind.FIELD ? [s] : s.kind === Kind.INLINE_FRAGMENT ? rootFields(s.selectionSet.selections) : []));
}

function fragmentSelection(field: FieldNode, typename: string): ReturnType<typeof selectionSetOf> {
  const selections = (field.selectionSet?.selections ?? []).flatMap((s) =>
    s.kind === Kind.INLINE_FRAGMENT && (!s.typeCondition || s.typeCondition.name.value === typename) ? s.selectionSet.selections : [],
  );
  return selectionSetOf(selections);
}

/** Whether one of the rule's filters is given: then a province's page may hold only part of a record. */
function filtered(args: Record<string, unknown>, rule: PartsRule): boolean {
  return rule.filters.some((f) => {
    const v = valueAt(args, f);
    return v !== null && v !== undefined;
  });
}

/** The same report twice (a province's invalid records, seen by its page and by its parts): one error. */
function errorIdentity(e: GraphQLFormattedError): string {
  return JSON.stringify([e.message, e.path ?? null, e.extensions?.code ?? null, e.extensions?.province ?? null, e.extensions?.sourceId ?? null]);
}

function withProvince(e: GraphQLFormattedError, province: ProvinceCode): GraphQLFormattedError {
  return { ...e, extensions: { ...(e.extensions ?? {}), province: (e.extensions?.province as string | undefined) ?? province } };
}

/** Errors inside lists that the router re-orders point at the list itself. */
function truncateListPath(e: GraphQLFormattedError, depth: number): GraphQLFormattedError {
  const path = e.path ?? [];
  const cut = path.findIndex((p, i) => i >= depth - 1 && typeof p === 'number');
  return cut >= 0 ? { ...e, path: path.slice(0, cut) } : e;
}

function setAt(holder: JsonObject | Json[], at: string | number, value: Json): void {
  if (Array.isArray(holder)) holder[at as number] = value;
  else holder[at as string] = value;
}

export { CROSS_SHARD_REFERENCES };
