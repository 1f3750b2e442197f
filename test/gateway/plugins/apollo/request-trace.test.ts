import type { GraphQLRequestListener } from '@apollo/server';
import { handOffTrace, newTrace, type GatewayContext } from '../../../../gateway/context';
import { errorCodesOf, useRequestTrace } from '../../../../gateway/plugins/apollo/request-trace';

/** What a request's log line says: its operation name and the codes of its errors. */

describe('the request trace', () => {
  it('records the operation name once resolved, and the error codes of the answer sent', async () => {
    const contextValue: GatewayContext = { requestId: 'r', trace: newTrace() };
    const listener = (await useRequestTrace().requestDidStart?.({} as never)) as GraphQLRequestListener<GatewayContext>;
    await listener.didResolveOperation?.({ contextValue, operationName: 'Q' } as never);
    expect(contextValue.trace.operationName).toBe('Q');
    const errors = [{ message: 'a', extensions: { code: 'FORBIDDEN' } }, { message: 'b' }];
    await listener.willSendResponse?.({ contextValue, operationName: undefined, response: { body: { kind: 'single', singleResult: { errors } } } } as never);
    expect(contextValue.trace).toEqual({ operationName: 'Q', errorCodes: ['FORBIDDEN', 'UNKNOWN'] });
  });

  it('names each error by its code, UNKNOWN when it has none', () => {
    expect(errorCodesOf(undefined)).toEqual([]);
    expect(errorCodesOf([{ extensions: { code: 'OUTSIDE_REGION' } }, { extensions: { code: 7 } }, {}])).toEqual(['OUTSIDE_REGION', 'UNKNOWN', 'UNKNOWN']);
  });
});

describe('the trace hand-off', () => {
  it('gives a request answered by another execution that execution\'s operation name and error codes, as a copy', () => {
    const leader = { operationName: 'Q', errorCodes: ['FORBIDDEN'] };
    const follower = newTrace();
    expect(handOffTrace(leader, follower)).toBe(follower);
    expect(follower).toEqual(leader);
    follower.errorCodes.push('OTHER');
    expect(leader.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('makes a fresh copy when given no trace to fill', () => {
    const leader = { operationName: null, errorCodes: [] };
    const copy = handOffTrace(leader);
    expect(copy).toEqual(leader);
    expect(copy).not.toBe(leader);
  });
});
