import { GraphQLError, type ExecutionResult, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { ErrorCodes } from '../../schema/error-codes';
import type { ResolvedOwnFields } from './event-position';
import { eventFields } from './key-query';
import type { SubscriptionOperation } from './subscription-operation';

/** What a key query answered: the record's fields under the subscriber's response names, and errors with paths from the query's root. */
export interface KeyAnswer {
  data: Record<string, unknown> | null;
  errors: readonly GraphQLFormattedError[];
}

/**
 * One payload as graphql-js would have executed the subscription: the event's own fields from the
 * event, the record's from the key query (its errors moved under the root field), and null
 * fields resolved per subscriber (`resolved`, by response name), and null
 * propagated up to `data` when the record (non-null in the contract) could not be resolved.
 */
export function eventPayload(
  op: SubscriptionOperation,
  typeName: string,
  recordField: string,
  own: Record<string, unknown>,
  answer: KeyAnswer | null,
  extensions: Record<string, unknown>,
  resolved: ResolvedOwnFields = { values: {}, errors: [] },
): ExecutionResult {
  const event: Record<string, unknown> = {};
  // GraphQLError instances: graphql-ws serialises a payload's errors with toJSON().
  const errors: GraphQLError[] = [...(answer?.errors ?? []).map((e) => new GraphQLError(e.message, { path: e.path ? [op.responseName, ...e.path] : undefined, extensions: e.extensions })), ...resolved.errors];
  let missing = false;
  for (const f of eventFields(op.field.selectionSet as SelectionSetNode, op.fragments)) {
    const responseName = f.alias?.value ?? f.name.value;
    if (f.name.value === '__typename') event[responseName] = typeName;
    else if (f.name.value === recordField) {
      const record = answer?.data?.[responseName] ?? null;
      if (record === null) missing = true;
      event[responseName] = record;
    } else if (responseName in resolved.values) event[responseName] = resolved.values[responseName];
    else event[responseName] = own[f.name.value] ?? null;
  }
  if (missing && errors.length === resolved.errors.length) {
    errors.push(new GraphQLError(`the ${recordField} of this event can no longer be read`, { path: [op.responseName, recordField], extensions: { code: ErrorCodes.NOT_FOUND } }));
  }
  return { data: missing ? null : { [op.responseName]: event }, ...(errors.length > 0 ? { errors } : {}), extensions };
}
