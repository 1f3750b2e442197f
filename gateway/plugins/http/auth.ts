import type { IncomingMessage, ServerResponse } from 'node:http';
import { UNAUTHENTICATED, UnauthenticatedError, type CallerVerifier } from '../../../schema/caller';
import type { GatewayContext } from '../../context';

/**
 * Authentication at the door: the bearer token is verified before the request reaches Apollo,
 * and a token that fails (forged, expired, wrong issuer or audience) is answered 401 with
 * UNAUTHENTICATED, never served as anonymous. The caller goes into the request's context for
 * the plugins (introspection, limits); the token itself is forwarded untouched to every
 * subgraph, which verifies it again.
 */
export function authenticateRequest(
  verifier: CallerVerifier,
): (req: IncomingMessage, res: ServerResponse, context: GatewayContext) => Promise<boolean> {
  return async (req, res, context) => {
    try {
      context.caller = await verifier.callerOf(req.headers.authorization);
      return true;
    } catch (e) {
      if (!(e instanceof UnauthenticatedError)) throw e;
      context.trace.errorCodes = [UNAUTHENTICATED];
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: UNAUTHENTICATED, requestId: context.requestId } }] }));
      return false;
    }
  };
}
