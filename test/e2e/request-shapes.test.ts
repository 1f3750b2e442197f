import { startFederation, type Federation } from '../support/federation';
import { SUBSCRIPTION_TRANSPORTS } from '../../gateway/plugins/apollo/subscriptions-over-http';

jest.setTimeout(120_000);

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ credit: false });
});
afterAll(async () => fed.close());

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(body: string): Promise<Answer> {
  const res = await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function get(params: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${fed.url}?${new URLSearchParams(params)}`, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const SUBSCRIPTION = 'subscription Watch { warningChanges(filter: { provinces: [JS] }) { id kind } }';

describe('a subscription sent as plain GraphQL over HTTP', () => {
  test.each([
    ['POST', () => post(JSON.stringify({ query: SUBSCRIPTION }))],
    ['POST naming the operation', () => post(JSON.stringify({ query: `${SUBSCRIPTION} query Other { __typename }`, operationName: 'Watch' }))],
    ['GET', () => get({ query: SUBSCRIPTION })],
  ])('is a 400 BAD_REQUEST that names graphql-ws and graphql-sse and where to connect (%s)', async (_name, send) => {
    const { status, body } = await send();
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: SUBSCRIPTION_TRANSPORTS, extensions: { code: 'BAD_REQUEST' } }]);
    expect(body.errors?.[0].message).toMatch(/WebSocket.*graphql-ws.*\/graphql/);
    expect(body.errors?.[0].message).toMatch(/SSE.*graphql-sse.*\/graphql.*Accept: text\/event-stream/);
  });

  test('a query in the same document still runs over HTTP', async () => {
    const { status, body } = await post(JSON.stringify({ query: `${SUBSCRIPTION} query Other { __typename }`, operationName: 'Other' }));
    expect(status).toBe(200);
    expect(body.data).toEqual({ __typename: 'Query' });
  });
});

describe('operationName: "" means no operation name (GraphQL over HTTP: an empty operationName is the same as omitting it; "" is not a Name)', () => {
  test('a document with one operation runs it, as without the name (POST and GET)', async () => {
    const query = '{ warnings(first: 1, filter: { provinces: [JS] }) { totalCount } }';
    const without = await post(JSON.stringify({ query }));
    expect(without.status).toBe(200);
    expect(await post(JSON.stringify({ query, operationName: '' }))).toEqual(without);
    expect(await get({ query, operationName: '' })).toEqual(without);
  });

  test('a document with several operations is the 400 it is without the name', async () => {
    const query = 'query A { __typename } query B { __typename }';
    const without = await post(JSON.stringify({ query }));
    expect(without.status).toBe(400);
    expect(without.body.errors?.[0].message).toBe('Must provide operation name if query contains multiple operations.');
    expect(await post(JSON.stringify({ query, operationName: '' }))).toEqual(without);
  });

  test('a subscription with an empty name is still refused with the transports', async () => {
    const { status, body } = await post(JSON.stringify({ query: SUBSCRIPTION, operationName: '' }));
    expect(status).toBe(400);
    expect(body.errors?.[0].message).toBe(SUBSCRIPTION_TRANSPORTS);
  });
});

describe('malformed request bodies are the caller\'s 400 BAD_REQUEST, never a 500', () => {
  test.each([
    ['operationName a number', { query: '{ __typename }', operationName: 5 }],
    ['operationName an object', { query: '{ __typename }', operationName: { name: 'A' } }],
    ['variables a string', { query: '{ __typename }', variables: '{}' }],
    ['variables an array', { query: '{ __typename }', variables: [] }],
    ['variables a number', { query: '{ __typename }', variables: 1 }],
    ['extensions a string', { query: '{ __typename }', extensions: 'x' }],
    ['extensions an array', { query: '{ __typename }', extensions: [] }],
    ['persistedQuery not an object', { query: '{ __typename }', extensions: { persistedQuery: 'x' } }],
    ['persistedQuery hash not a string', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 5 } } }],
    ['a batch', [{ query: '{ __typename }' }, { query: '{ __typename }' }]],
    ['an empty batch', []],
    ['null', null],
    ['a string', 'x'],
    ['a number', 1],
    ['query a number', { query: 5 }],
    ['no query', {}],
    ['query empty', { query: '' }],
  ])('%s', async (_name, body) => {
    const answer = await post(JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
  });

  test('a body that is not JSON', async () => {
    const answer = await post('{"query":');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('a fragment that spreads itself is graphql\'s validation error, not a 500', () => {
  test.each([
    ['directly', '{ ...A } fragment A on Query { __typename ...A }', 'Cannot spread fragment "A" within itself.'],
    ['through another fragment', '{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }', 'Cannot spread fragment "A" within itself via "B".'],
  ])('%s', async (_name, query, message) => {
    const { status, body } = await post(JSON.stringify({ query }));
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.extensions?.code)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.map((e) => e.message)).toContain(message);
  });
});
