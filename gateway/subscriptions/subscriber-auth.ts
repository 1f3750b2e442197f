import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import type { CallerVerifier } from '../../schema/caller';
import type { Subscriber } from './subscriber';

/** The subscriber of a connection, verified as a request's caller is (throws UnauthenticatedError); the token's expiry ends its streams. */
export async function subscriberOf(verifier: CallerVerifier, authorization: string | undefined, request: IncomingMessage): Promise<Subscriber> {
  const caller = await verifier.callerOf(authorization);
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  const exp = token ? decodeJwt(token).exp : undefined;
  return {
    caller,
    ...(authorization ? { authorization } : {}),
    expiresAt: typeof exp === 'number' ? exp * 1000 : null,
    limitKey: caller.sub ?? `anonymous:${request.socket.remoteAddress ?? 'unknown'}`,
  };
}
