import type { IncomingMessage, ServerResponse } from 'node:http';
import { newTrace, type GatewayContext } from '../../../../gateway/context';
import { authenticateRequest } from '../../../../gateway/plugins/http/auth';
import { mintToken, testVerifier } from '../../../support/tokens';

/** Authentication at the door, before the request reaches Apollo Server. */

function exchange(authorization?: string) {
  const req = { headers: authorization ? { authorization } : {}, resume: jest.fn() } as unknown as IncomingMessage;
  const written: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => Object.assign(written, { status, headers }),
    end: (body: string) => Object.assign(written, { body }),
  } as unknown as ServerResponse;
  const context: GatewayContext = { requestId: 'req-1', trace: newTrace() };
  return { req, res, context, written };
}

describe('authentication at the door', () => {
  const authenticate = authenticateRequest(testVerifier());

  it('puts the verified caller into the request context and lets the request through', async () => {
    const { req, res, context, written } = exchange(`Bearer ${await mintToken({ role: 'province', province: 'SH' })}`);
    await expect(authenticate(req, res, context)).resolves.toBe(true);
    expect(context.caller).toMatchObject({ role: 'province', province: 'SH' });
    expect(written.status).toBeUndefined();
  });

  it('answers a token that fails 401 with UNAUTHENTICATED and the request id, never as anonymous', async () => {
    const { req, res, context, written } = exchange(`Bearer ${await mintToken({ role: 'app' }, { expiresInSec: -600 })}`);
    await expect(authenticate(req, res, context)).resolves.toBe(false);
    expect(context.caller).toBeUndefined();
    expect(written.status).toBe(401);
    expect(written.headers).toMatchObject({ 'www-authenticate': 'Bearer' });
    expect(JSON.parse(written.body ?? '')).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', requestId: 'req-1' } }] });
    expect(context.trace.errorCodes).toEqual(['UNAUTHENTICATED']);
    expect(req.resume).toHaveBeenCalled();
  });

  it('refuses a forged token and a header that is not a bearer token alike', async () => {
    for (const authorization of [`Bearer ${await mintToken({ role: 'app' }, { secret: 'another-secret-0123456789abcdef-0123456789abcdef' })}`, 'Basic dXNlcjpwYXNz']) {
      const { req, res, context, written } = exchange(authorization);
      await expect(authenticate(req, res, context)).resolves.toBe(false);
      expect(written.status).toBe(401);
    }
  });

  it('passes errors other than a refused token on to the caller', async () => {
    const failing = authenticateRequest({ callerOf: () => Promise.reject(new Error('key set unreachable')) } as unknown as ReturnType<typeof testVerifier>);
    const { req, res, context } = exchange('Bearer x');
    await expect(failing(req, res, context)).rejects.toThrow('key set unreachable');
  });
});
