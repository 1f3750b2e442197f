import { GraphQLError } from 'graphql';
import { ANONYMOUS, mayReadAccessLog, mayReadRegistry, type Caller } from '../../schema/sharing-catalog';
import { ErrorCodes } from '../../schema/error-codes';

export interface RegistryContext {
  /** The caller's Authorization header, verified by the security issue's code. */
  authorization: string | null;
  /** The caller that token verified as (anonymous when absent). */
  caller?: Caller;
  /** The live version number, read once per request. */
  liveNumber?: Promise<number | null>;
}

/** Who may read the registry's history: roles `auditor` and `exchange` only (sharing catalog rule 4). */
export function canReadRegistry(context: RegistryContext): boolean {
  return mayReadRegistry(context.caller ?? ANONYMOUS);
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
