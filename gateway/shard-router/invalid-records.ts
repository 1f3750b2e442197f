import type { SelectionSetNode } from 'graphql';
import { isObject, type Json, type JsonObject } from './json';
import { fieldKeys } from './document';
import type { ShardPart } from './merge';

/**
 * A connection's invalidRecords as the contract says: on the first page of the composite
 * connection (the client gave no `after`), every asked province's list, in province order; on
 * every later page none, even from a province asked from its start then (it has not been heard
 * from before, but its records were reported on the first page).
 */
export function mergeInvalidRecords(merged: JsonObject, selectionSet: SelectionSetNode | undefined, parts: readonly ShardPart[], firstPage: boolean): void {
  for (const key of fieldKeys(selectionSet).get('invalidRecords') ?? []) {
    merged[key] = firstPage ? parts.flatMap((p): Json[] => (isObject(p.value) && Array.isArray(p.value[key]) ? p.value[key] : [])) : [];
  }
}
