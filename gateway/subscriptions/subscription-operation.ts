import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  print,
} from 'graphql';
import { createHash } from 'node:crypto';
import { checkArguments } from '../../schema/argument-checks';
import { ErrorCodes } from '../../schema/error-codes';
import { limitsValidationRule, measureOperation, type LimitOptions } from '../plugins/apollo/limits';

/** A subscription operation checked against the API schema and its limits, with its root field's arguments. */
export interface SubscriptionOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The one root field, e.g. warningChanges. */
  field: FieldNode;
  responseName: string;
  args: Record<string, unknown>;
  /** The variables as sent (the key queries pass them on). */
  variables: Record<string, unknown>;
  /** The subscriber's own operation, recorded in the access log for each event (not the key query's). */
  origin?: OperationOrigin;
}

/** An operation as the access log names it: its name and the sha256 of its document as sent (Apollo's queryHash). */
export interface OperationOrigin {
  operationName: string | null;
  operationHash: string;
}

/** The origin of a subscriber's document: its text as sent (a parsed one is printed). */
export function originOf(query: string | DocumentNode, operation: OperationDefinitionNode): OperationOrigin {
  const text = typeof query === 'string' ? query : print(query);
  return { operationName: operation.name?.value ?? null, operationHash: createHash('sha256').update(text).digest('hex') };
}

function fail(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError[] {
  return [new GraphQLError(message, { extensions: { code, ...extensions } })];
}

/** Validation, limits (depth, aliases, cost) and argument checks, as a query meets them at /graphql; errors instead of throwing. */
export function prepareSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
  limits: LimitOptions,
): SubscriptionOperation | readonly GraphQLError[] {
  const invalid = validate(schema, document, [...specifiedRules, limitsValidationRule(limits)]);
  if (invalid.length > 0) return invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: ErrorCodes.GRAPHQL_VALIDATION_FAILED } }));
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return fail('the operation to run cannot be determined', ErrorCodes.OPERATION_RESOLUTION_FAILURE);
  const raw = variables ?? {};
  try {
    measureOperation(schema, document, operation, raw, limits);
  } catch (e) {
    if (e instanceof GraphQLError) return [e];
    throw e;
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw);
  if (coerced.errors) return coerced.errors.map((e) => new GraphQLError(e.message, { extensions: { code: ErrorCodes.BAD_USER_INPUT } }));
  const [field] = operation.selectionSet.selections;
  const root = schema.getSubscriptionType();
  if (operation.operation !== 'subscription' || !root || field?.kind !== Kind.FIELD) return fail('only subscription operations with their root field written out are served as streams', ErrorCodes.BAD_REQUEST);
  const definition = root.getFields()[field.name.value];
  const args = getArgumentValues(definition, field, coerced.coerced);
  try {
    checkArguments(definition.args, args);
  } catch (e) {
    if (e instanceof GraphQLError) return [e];
    throw e;
  }
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return { document, operation, fragments, field, responseName: field.alias?.value ?? field.name.value, args, variables: raw };
}

export function isPrepared(value: SubscriptionOperation | readonly GraphQLError[]): value is SubscriptionOperation {
  return !Array.isArray(value);
}
