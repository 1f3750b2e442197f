import { GraphQLError } from 'graphql';
import { DEFAULT_VIEW, type CatalogView } from '../../schema/registry/catalog/live-catalog';
import { ANONYMOUS, mayReadAccessLog, type Caller } from '../../schema/sharing-catalog';
import { ErrorCodes } from '../../schema/error-codes';

export interface RegistryContext {
  /** The caller's Authorization header, verified by the security issue's code. */
  authorization: string | null;
  /** The caller that token verified as (anonymous when absent). */
  caller?: Caller;
  /** The sharing catalog in force when the request came (who reads the registry). */
  catalog?: CatalogView;
  /** The live version number, read once per request. */
  liveNumber?: Promise<number | null>;
}

/** Who may read the registry's history: the live catalog's registry roles (sharing-catalog.md: `auditor` and `exchange`). */
export function canReadRegistry(context: RegistryContext): boolean {
  return (context.catalog ?? DEFAULT_VIEW).mayReadRegistry(context.caller ?? ANONYMOUS);
}

export function assertCanReadRegistry(context: RegistryContext): void {
  if (!canReadRegistry(context)) {
    throw new GraphQLError('the schema registry is readable by auditors and the exchange platform only', { extensions: { code: ErrorCodes.FORBIDDEN } });
  }
}

export function assertCanReadAccessLog(context: RegistryContext): void {
  if (!mayReadAccessLog(context.caller ?? ANONYMOUS)) {
    throw new GraphQLError('the access log is readable by auditors only', { extensions: { code: ErrorCodes.FORBIDDEN } });
  }
}
