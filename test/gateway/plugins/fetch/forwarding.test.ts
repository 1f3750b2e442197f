import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { ForwardingDataSource, forwardedHeaders } from '../../../../gateway/plugins/fetch/forwarding';

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

describe('a subgraph that does not answer', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => res.writeHead(req.url === '/503' ? 503 : 400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad request"}]}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const fetchFrom = (subgraph: string, at: string): Promise<unknown> => {
    const source = new ForwardingDataSource({ url: at, subgraph });
    const options = { kind: GraphQLDataSourceRequestKind.HEALTH_CHECK, request: { query: '{ __typename }', http: { url: at, method: 'POST', headers: new Headers() } }, context: {} };
    return source.process(options as unknown as Parameters<ForwardingDataSource['process']>[0]);
  };
  const closedPort = async (): Promise<string> => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return `http://127.0.0.1:${port}/graphql`;
  };

  it('is named as its source when it stands for one (credit: CR), as a subgraph otherwise', async () => {
    const down = await closedPort();
    await expect(fetchFrom('credit', down)).rejects.toMatchObject({ message: 'CR: the credit subgraph did not answer', extensions: { code: 'PROVINCE_UNAVAILABLE', province: 'CR', subgraph: 'credit' } });
    await expect(fetchFrom('region', down)).rejects.toMatchObject({ message: 'the region subgraph did not answer', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'region' } });
  });

  it('counts a 5xx as not answering, and leaves other failures as they were', async () => {
    await expect(fetchFrom('region', `${url}/503`)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'region' }, message: 'the region subgraph answered HTTP 503' });
    const other = await fetchFrom('region', `${url}/400`).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Error);
    expect((other as { extensions?: { code?: string } }).extensions?.code).not.toBe('SUBGRAPH_UNAVAILABLE');
  });
});
