import { startFederation, type Federation } from '../support/federation';
import { mintToken } from '../support/tokens';

/**
 * The gateway under hostile and malformed input, in production mode: limits on depth, aliases,
 * tokens, page sizes and fan-out cost; introspection for auditors only; CSRF prevention; clear
 * BAD_USER_INPUT naming the argument; and a bounded fuzz run of generated requests that must
 * never crash the gateway, never answer 5xx, never exceed the time budget, nor grow its memory.
 */

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ gatewayEnv: { NODE_ENV: 'production' } });
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

interface Raw {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] } | null;
}

async function send(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST', search = ''): Promise<Raw> {
  const res = await fetch(`${fed.url}${search}`, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    ...(method === 'POST' ? { body } : {}),
  });
  const text = await res.text();
  let parsed: Raw['body'] = null;
  try {
    parsed = JSON.parse(text) as Raw['body'];
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed };
}

const gql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => send(JSON.stringify({ query, variables }), headers);
const codes = (r: Raw) => (r.body?.errors ?? []).map((e) => e.extensions?.code);

const nested = (levels: number) => `{ divisionsAt(point: { lng: 121.1, lat: 31.1 }) { ${'parent { '.repeat(levels)}adcode${' }'.repeat(levels)} } }`;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: provinces { code }`).join(' ')} }`;

describe('limits on every request', () => {
  it('refuses an operation nested deeper than 15 levels as invalid, before any fetch', async () => {
    expect((await gql(nested(12))).status).toBe(200);
    const deep = await gql(nested(20));
    expect([deep.status, codes(deep)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(deep.body?.errors?.[0]?.message).toMatch(/nested 16 levels deep; at most 15/);
  });

  it('refuses more than 30 aliases as invalid', async () => {
    expect((await gql(aliases(30))).status).toBe(200);
    const bomb = await gql(aliases(31));
    expect([bomb.status, codes(bomb)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(bomb.body?.errors?.[0]?.message).toMatch(/more than 30 aliases/);
  });

  it('refuses fragments that multiply into more selections than the limit can walk', async () => {
    const fragments = Array.from({ length: 20 }, (_, i) => (i === 19 ? 'fragment F19 on Query { provinces { code } }' : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`));
    const bomb = await gql(`query { ...F0 } ${fragments.join(' ')}`);
    expect([bomb.status, codes(bomb)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(bomb.body?.errors?.[0]?.message).toMatch(/too large to estimate/);
  });

  it('refuses a document of more than 2000 tokens while parsing', async () => {
    const long = await gql(`{ ${'__typename '.repeat(2500)}}`);
    expect([long.status, codes(long)]).toEqual([400, ['GRAPHQL_PARSE_FAILED']]);
  });

  it('refuses first over 500 or negative, literal or variable, naming the argument', async () => {
    for (const [query, variables] of [
      ['{ warnings(first: 501) { totalCount } }', undefined],
      ['query($n: Int) { rescueBases(first: $n) { totalCount } }', { n: 100000 }],
      ['{ hazmatEnterprises(first: -1) { totalCount } }', undefined],
    ] as const) {
      const answer = await gql(query, variables);
      expect([answer.status, answer.body?.errors?.[0]?.extensions]).toEqual([400, { code: 'BAD_USER_INPUT', argument: 'first' }]);
    }
    expect((await gql('{ warnings(first: 500) { totalCount } }')).status).toBe(200);
  });

  it('counts the fan-out to the provinces in the cost: the same page over one province passes where four do not', async () => {
    const query = (provinces: string) =>
      `{ resourceView(first: 500) { edges { node { bases { teams { name } } } } } waybills(first: 500${provinces}) { edges { node { origin { division { children { name } } } destination { division { children { name } } } } } } }`;
    const all = await gql(query(''));
    expect([all.status, codes(all)]).toEqual([400, ['QUERY_TOO_COMPLEX']]);
    expect(all.body?.errors?.[0]?.message).toMatch(/fan-out/);
    const one = await gql(query(', filter: { provinces: [SH] }').replace('resourceView(first: 500)', 'resourceView(first: 50)'));
    expect(codes(one)).not.toContain('QUERY_TOO_COMPLEX');
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = await send(JSON.stringify({ query: `{ provinces { code } }`, variables: { pad: 'x'.repeat(1_100_000) } }));
    expect([big.status, codes(big)]).toEqual([413, ['PAYLOAD_TOO_LARGE']]);
  });

  it('keeps introspection for auditors in production', async () => {
    const anonymous = await gql('{ __schema { queryType { name } } }');
    expect([anonymous.status, codes(anonymous)]).toEqual([403, ['FORBIDDEN']]);
    const app = await gql('{ __type(name: "Warning") { name } }', undefined, { authorization: `Bearer ${await mintToken({ role: 'exchange' })}` });
    expect(app.status).toBe(403);
    const auditor = await gql('{ __schema { queryType { name } } }', undefined, { authorization: `Bearer ${await mintToken({ role: 'auditor' })}` });
    expect([auditor.status, auditor.body?.data]).toEqual([200, { __schema: { queryType: { name: 'Query' } } }]);
    expect((await gql('{ __typename provinces { code } }')).status).toBe(200);
  });

  it('prevents CSRF: a GET query without a preflight-forcing header is refused', async () => {
    const simple = await send('', {}, 'GET', '?query=%7Bprovinces%7Bcode%7D%7D');
    expect(simple.status).toBe(400);
    const preflighted = await send('', { 'apollo-require-preflight': 'true' }, 'GET', '?query=%7Bprovinces%7Bcode%7D%7D');
    expect(preflighted.status).toBe(200);
  });
});

describe('input validation names the argument', () => {
  it.each([
    ['divisionsAt point', '{ divisionsAt(point: { lng: 200, lat: 31 }) { adcode } }', 'point'],
    ['a credit code with a wrong check character', '{ hazmatEnterprise(creditCode: "91310000MA1FL0000X") { name } }', 'creditCode'],
    ['a malformed credit code', '{ hazmatEnterprise(creditCode: "not-a-code") { name } }', 'creditCode'],
    ['a malformed global id', '{ warning(id: "nonsense") { id } }', 'id'],
    ['a plate', '{ vehicle(plate: "ABC") { plate } }', 'plate'],
    ['an adcode', '{ division(adcode: "31") { name } }', 'adcode'],
    ['a near radius', '{ rescueBases(filter: { near: { point: { lng: 121, lat: 31 }, radiusKm: -5 } }) { totalCount } }', 'filter.near.radiusKm'],
    ['a near point', '{ hazmatEnterprises(filter: { near: { point: { lng: 121, lat: 95 }, radiusKm: 5 } }) { totalCount } }', 'filter.near.point'],
    ['a distance origin', '{ rescueBases(first: 1) { edges { node { distanceKm(from: { lng: -190, lat: 31 }) } } } }', 'from'],
    ['a track window', '{ vehicle(plate: "沪A12345") { track(from: "2026-07-12T00:00:00+08:00", to: "2026-07-01T00:00:00+08:00") { at } } }', 'to'],
    ['a cursor', '{ warnings(after: "garbage") { totalCount } }', 'after'],
  ])('%s', async (_, query, argument) => {
    const answer = await gql(query, undefined, { authorization: `Bearer ${await mintToken({ role: 'exchange', catalog: ['VEHICLE_TRACK'] })}` });
    expect(answer.status).toBeLessThan(500);
    const bad = (answer.body?.errors ?? []).find((e) => e.extensions?.code === 'BAD_USER_INPUT');
    expect(bad?.extensions?.argument).toBe(argument);
  });

  it('a date that is not ISO-8601 with an offset, literal or variable', async () => {
    for (const [query, variables] of [
      ['{ warnings(filter: { activeAt: "yesterday" }) { totalCount } }', undefined],
      ['query($t: DateTime) { rescueBases(filter: { updatedSince: $t }) { totalCount } }', { t: '2026-07-12 08:00' }],
    ] as const) {
      const answer = await gql(query, variables);
      expect([answer.status, answer.body?.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['BAD_USER_INPUT']]);
      expect(answer.body?.errors?.[0]?.extensions?.argument).toMatch(/^filter\.(activeAt|updatedSince)$/);
    }
  });

  it('the province subgraphs refuse the same values when called directly', async () => {
    const direct = await fetch(fed.provinceUrls.SH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ a: hazmatEnterprise(creditCode: "91310000MA1FL0000X") { name } b: rescueBases(filter: { near: { point: { lng: 121, lat: 31 }, radiusKm: 0 } }) { totalCount } }' }),
    });
    const body = (await direct.json()) as { errors: { path: string[]; extensions: { code: string; argument: string } }[] };
    expect(body.errors.map((e) => [e.path[0], e.extensions.code, e.extensions.argument]).sort()).toEqual([
      ['a', 'BAD_USER_INPUT', 'creditCode'],
      ['b', 'BAD_USER_INPUT', 'filter.near.radiusKm'],
    ]);
  });
});
