import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { ForwardingDataSource } from '../../../../gateway/plugins/fetch/forwarding';
import { headerRecord } from '../../../../gateway/plugins/fetch/lean-send-request';
import { subgraphFetcher, type SubgraphFetcher } from '../../../../gateway/plugins/fetch/subgraph-fetcher';

/**
 * Our data sources send a fetch without the node-fetch Request that stock
 * RemoteGraphQLDataSource.sendRequest builds for every fetch (lean-send-request.ts); what a
 * caller receives, answers and errors alike, is the stock data source's.
 */

// The node-fetch module instance @apollo/gateway's data source reads `Request` from in this test process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFetch = require(require.resolve('node-fetch', { paths: [require.resolve('@apollo/gateway')] })) as {
  Request: new (url: unknown, init?: unknown) => object;
  Headers: new () => Parameters<typeof headerRecord>[0] & { append(name: string, value: string): void; set(name: string, value: string): void };
};

const ANSWERS: Record<string, { status: number; type: string; body: string }> = {
  '/data': { status: 200, type: 'application/json', body: '{"data":{"_entities":[{"__typename":"Product","upc":"1","name":"Table"},null]},"errors":[{"message":"no such product","path":["_entities",1]}],"extensions":{"x":1}}' },
  '/graphql-response': { status: 200, type: 'application/graphql-response+json; charset=utf-8', body: '{"data":{"me":{"id":"1"}}}' },
  '/text': { status: 200, type: 'text/plain', body: 'not json' },
  '/array': { status: 200, type: 'application/json', body: '[1,2]' },
  '/400': { status: 400, type: 'application/json', body: '{"errors":[{"message":"bad request"}]}' },
  '/401': { status: 401, type: 'text/plain', body: 'who are you' },
};

let server: http.Server;
let base: string;
let fetcher: SubgraphFetcher;
const received: { url?: string; body: string; headers?: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ url: req.url, body, headers: req.headers });
      const answer = ANSWERS[req.url ?? ''] ?? ANSWERS['/400'];
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fetcher = subgraphFetcher();
});
afterAll(async () => {
  await fetcher.close();
  await new Promise((resolve) => server.close(resolve));
});

type Source = RemoteGraphQLDataSource;

function send(source: Source, variables: Record<string, unknown> = { representations: [{ __typename: 'Product', upc: '1' }] }, context: Record<string, unknown> = {}): Promise<unknown> {
  const options = { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{name}}}', variables, operationName: 'Q' }, incomingRequestContext: {}, context, pathInIncomingRequest: [] };
  return source.process(options as unknown as Parameters<Source['process']>[0]);
}

/** An answer or an error as a caller can see it, without the fetcher's response object. */
async function outcome(source: Source, variables?: Record<string, unknown>): Promise<unknown> {
  try {
    const { http: response, ...rest } = (await send(source, variables)) as { http?: { status: number } };
    return { answer: rest, status: response?.status };
  } catch (e) {
    const error = e as Error & { extensions?: unknown };
    return { error: error.message, type: error.constructor.name, extensions: error.extensions };
  }
}

describe('a subgraph fetch without node-fetch Request', () => {
  it.each(Object.keys(ANSWERS))('gives what the stock data source gives, and sends the same body: %s', async (path) => {
    const url = `${base}${path}`;
    const stock = await outcome(new RemoteGraphQLDataSource({ url, fetcher }));
    const stockBody = received[received.length - 1].body;
    // ForwardingDataSource turns a 5xx and no answer into coded errors (forwarding.test.ts); none of these paths is either.
    const ours = await outcome(new ForwardingDataSource({ url, fetcher, subgraph: 'products' }));
    expect(ours).toEqual(stock);
    expect(received[received.length - 1].body).toBe(stockBody);
    expect(JSON.parse(stockBody)).toMatchObject({ operationName: 'Q', variables: { representations: [{ __typename: 'Product', upc: '1' }] } });
  });

  it('builds no node-fetch Request for an answered fetch (the stock data source builds one per fetch)', async () => {
    const Original = nodeFetch.Request;
    let constructed = 0;
    nodeFetch.Request = class Counted extends Original {
      constructor(url: unknown, init?: unknown) {
        super(url, init);
        constructed++;
      }
    };
    try {
      await send(new RemoteGraphQLDataSource({ url: `${base}/data`, fetcher }));
      expect(constructed).toBe(1);
      const answer = (await send(new ForwardingDataSource({ url: `${base}/data`, fetcher, subgraph: 'products' }))) as { data?: unknown };
      expect(answer.data).toEqual({ _entities: [{ __typename: 'Product', upc: '1', name: 'Table' }, null] });
      expect(constructed).toBe(1);
    } finally {
      nodeFetch.Request = Original;
    }
  });

  it('still hands didEncounterError the request that failed, built on the error path', async () => {
    const seen: unknown[] = [];
    class Watching extends ForwardingDataSource {
      override didEncounterError(error: Error, request: unknown): void {
        seen.push(request);
        throw error;
      }
    }
    await expect(send(new Watching({ url: `${base}/400`, fetcher, subgraph: 'products' }))).rejects.toThrow('400: Bad Request');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: `${base}/400`, method: 'POST' });
    expect((seen[0] as { headers: { get(name: string): string | null } }).headers.get('content-type')).toBe('application/json');
  });
});

describe('the request headers', () => {
  it('reach the subgraph: the content type the data source sets and what willSendRequest adds', async () => {
    await send(new ForwardingDataSource({ url: `${base}/data`, fetcher, subgraph: 'products' }), undefined, { requestId: 'req-7', authorization: 'Bearer t' });
    expect(received[received.length - 1].headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'req-7', authorization: 'Bearer t' });
  });

  it("are read from node-fetch's map without its iterator (which sorts every name again at every step), as iterating gives them", () => {
    const headers = new nodeFetch.Headers();
    headers.set('Content-Type', 'application/json');
    headers.set('X-Request-Id', 'req-7');
    headers.append('Accept', 'application/json');
    headers.append('accept', 'text/plain');
    const iterated = Object.fromEntries(headers);
    const prototype = Object.getPrototypeOf(headers) as Record<string | symbol, unknown>;
    const saved = { iterator: prototype[Symbol.iterator], entries: prototype.entries, forEach: prototype.forEach };
    const refuse = (): never => {
      throw new Error('iterated');
    };
    Object.assign(prototype, { [Symbol.iterator]: refuse, entries: refuse, forEach: refuse });
    try {
      expect(headerRecord(headers)).toEqual(iterated);
      expect(iterated).toEqual({ 'content-type': 'application/json', 'x-request-id': 'req-7', accept: 'application/json, text/plain' });
    } finally {
      Object.assign(prototype, { [Symbol.iterator]: saved.iterator, entries: saved.entries, forEach: saved.forEach });
    }
  });

  it('of any other Headers are iterated', () => {
    const headers = new Headers({ 'Content-Type': 'application/json', Authorization: 'Bearer t' });
    expect(headerRecord(headers as unknown as Parameters<typeof headerRecord>[0])).toEqual({ 'content-type': 'application/json', authorization: 'Bearer t' });
  });
});
