import type { CallerVerifier } from '../../../schema/caller';
import { serviceTokenProblem } from '../../../schema/service-token';

/**
 * Who may read a change feed: the gateway, by its service token (schema/service-token.ts). A
 * caller's token does not open it, whatever its role. Only a deployment with no token keys at all
 * (every caller anonymous) serves its feeds without one, as its GraphQL endpoint serves anyone.
 * Null when the request may read, else why not.
 */
export async function feedRefusal(verifier: CallerVerifier, authorization: string | undefined): Promise<string | null> {
  const { serviceSecret, issuer, clockToleranceSec } = verifier.options;
  if (!serviceSecret && !verifier.acceptsTokens) return null;
  return serviceTokenProblem({ secret: serviceSecret ?? null, issuer, clockToleranceSec }, authorization);
}
