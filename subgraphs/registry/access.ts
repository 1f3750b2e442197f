import { GraphQLError } from 'graphql';

export interface RegistryContext {
  /** The caller's Authorization header, verified by the security issue's code. */
  authorization: string | null;
  /** The live version number, read once per request. */
  liveNumber?: Promise<number | null>;
}

/**
 * Who may read the registry's history. The sharing catalog allows roles `auditor` and
 * `exchange` only; until the JWT verification lands this seam allows every caller, and it is the
 * one place that decides.
 */
export function canReadRegistry(_context: RegistryContext): boolean {
  return true;
}

export function assertCanReadRegistry(context: RegistryContext): void {
  if (!canReadRegistry(context)) {
    throw new GraphQLError('the schema registry is readable by auditors only', { extensions: { code: 'FORBIDDEN' } });
  }
}
