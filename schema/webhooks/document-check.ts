import { getOperationAST, Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { WebhookError } from './errors';

/**
 * A webhook's document: one subscription operation with its root field written out (against the
 * API schema when one is at hand; the gateway checks it again, limits and all, when it opens it).
 */
export function checkSubscriptionDocument(document: string, operationName: string | null, schema: GraphQLSchema | null = null): DocumentNode {
  let parsed: DocumentNode;
  try {
    parsed = parse(document);
  } catch (e) {
    throw new WebhookError('WEBHOOK_INVALID', `the subscription document does not parse: ${(e as Error).message}`, { argument: 'document' });
  }
  const operation = getOperationAST(parsed, operationName ?? undefined);
  if (!operation || operation.operation !== 'subscription' || operation.selectionSet.selections.length !== 1 || operation.selectionSet.selections[0].kind !== Kind.FIELD) {
    throw new WebhookError('WEBHOOK_INVALID', 'the document must hold one subscription operation (name it with operationName when there are several) that selects one root field', { argument: 'document' });
  }
  const invalid = schema ? validate(schema, parsed) : [];
  if (invalid.length > 0) throw new WebhookError('WEBHOOK_INVALID', `the subscription document does not validate: ${invalid.map((e) => e.message).join('; ')}`, { argument: 'document' });
  return parsed;
}
