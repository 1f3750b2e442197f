import { forwardedHeaders } from '../../../../gateway/plugins/fetch/forwarding';

/** The headers every subgraph and shard fetch of a request carries. */

describe('forwarded headers', () => {
  it('are the request id and the caller\'s Authorization, as received', () => {
    expect(forwardedHeaders({ requestId: 'req-1', authorization: 'Bearer t' })).toEqual({ 'x-request-id': 'req-1', authorization: 'Bearer t' });
  });

  it('leave out what the request does not have (schema loading has no request at all)', () => {
    expect(forwardedHeaders({ requestId: 'req-1' })).toEqual({ 'x-request-id': 'req-1' });
    expect(forwardedHeaders(undefined)).toEqual({});
  });
});
