import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { SubscriptionOperation } from './subscription-operation';

/** How many distinct (document, operation name, variables) are kept per schema. */
export const PREPARED_KEPT = 256;

/**
 * Subscription operations already parsed, validated and measured, shared by every subscriber
 * that sends the same text, operation name and variables against the same API schema: ten
 * thousand dashboards of one operation hold one syntax tree (about 8 KB each) instead of ten
 * thousand, and pay validation once. A new schema (hot reload) starts afresh, so nothing is
 * kept that the schema of the day would refuse. Least recently used first out.
 */
export class PreparedOperations {
  private readonly bySchema = new WeakMap<GraphQLSchema, LRUCache<string, SubscriptionOperation>>();

  constructor(private readonly kept = PREPARED_KEPT) {}

  private keyOf(query: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string {
    return JSON.stringify([query, operationName ?? null, variables ?? {}]);
  }

  get(schema: GraphQLSchema, query: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): SubscriptionOperation | undefined {
    return this.bySchema.get(schema)?.get(this.keyOf(query, operationName, variables));
  }

  set(schema: GraphQLSchema, query: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, op: SubscriptionOperation): void {
    let held = this.bySchema.get(schema);
    if (!held) this.bySchema.set(schema, (held = new LRUCache({ max: this.kept })));
    held.set(this.keyOf(query, operationName, variables), op);
  }
}
