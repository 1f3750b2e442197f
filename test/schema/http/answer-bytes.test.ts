import { ApolloServer } from '@apollo/server';
import { Buffer } from 'node:buffer';
import type { FormattedExecutionResult } from 'graphql';
import { AnswerBytes, encodeAnswer } from '../../../schema/http/answer-bytes';
import { graphqlHandler, serveGraphQL, type CompleteAnswer, type ShareInFlight } from '../../../schema/http/graphql-handler';
import { prng } from '../../support/prng';

/**
 * Answers written from parts of their JSON text: the bytes are Apollo Server's text (JSON.stringify
 * and a newline) whatever the answer holds, and through the HTTP handler the answer with data never
 * becomes one string.
 */

const apolloText = (value: FormattedExecutionResult): Buffer => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

const TEXTS = ['', 'plain', '长三角暴雨橙色预警', 'quote " and \\ backslash', 'line\nbreak\ttab\u0001', '😀 emoji', 'lone \ud800 surrogate', '\udc00', '</script>'];
const NUMBERS = [0, -0, 1, -1.5, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const kind = depth > 5 ? Math.floor(next() * 5) : Math.floor(next() * 12);
  switch (kind) {
    case 0:
      return pick(TEXTS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick([undefined, () => 1, Symbol('s')]);
    case 4:
      return `${pick(TEXTS)}${Math.floor(next() * 1000)}`;
    case 5:
    case 6:
    case 7: {
      const list = Array.from({ length: Math.floor(next() * 12) }, () => randomValue(next, depth + 1));
      if (next() < 0.1) list.length += 2; // holes at the end
      return list;
    }
    case 8: {
      const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (let i = Math.floor(next() * 6); i > 0; i--) object[pick(['id', 'name', '名称', '2', '10', 'a"b', `k${i}`])] = randomValue(next, depth + 1);
      return object;
    }
    case 9:
      return pick([new Date(Date.UTC(2026, 11, 5)), { toJSON: (key: string) => `key:${key}` }, { toJSON: () => undefined }]);
    case 10:
      return pick([Object(7) as unknown, Object('boxed') as unknown, Object(false) as unknown]);
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) object[`f${i}`] = randomValue(next, depth + 1);
      return object;
    }
  }
}

describe('encodeAnswer', () => {
  it('writes the bytes of JSON.stringify and a newline for 3,000 seeded random answers', () => {
    const next = prng(20261205);
    for (let n = 0; n < 3_000; n++) {
      const answer: Record<string, unknown> = {};
      if (next() < 0.3) answer.errors = [{ message: 'boom', path: ['a', 0], extensions: { code: 'X', detail: randomValue(next, 3) } }];
      if (next() < 0.9) answer.data = next() < 0.1 ? randomValue(next, 0) : Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => [`root${i}`, randomValue(next, 1)]));
      if (next() < 0.2) answer.extensions = { cost: next(), when: new Date(0) };
      const value = answer as FormattedExecutionResult;
      const expected = apolloText(value);
      const actual = encodeAnswer(value);
      if (!actual.equals(expected)) throw new Error(`answer ${n} differs:\n${expected.toString('utf8')}\n${actual.toString('utf8')}`);
    }
  });

  it('writes an answer over 128 KiB of multi-byte text to the byte', () => {
    const warnings = Array.from({ length: 3_000 }, (_, i) => ({ id: `w${i}`, headline: `长三角暴雨橙色预警：太湖流域 ${i}`, area: { codes: ['320500', '330500'] } }));
    const value: FormattedExecutionResult = { data: { warnings, total: warnings.length } };
    const bytes = encodeAnswer(value);
    expect(bytes.length).toBeGreaterThan(128 * 1024);
    expect(bytes.equals(apolloText(value))).toBe(true);
  });

  it('keeps the order and the leaving out of errors, data and extensions', () => {
    for (const value of [{}, { data: null }, { errors: [{ message: 'x' }] }, { errors: undefined, data: { a: 1 }, extensions: undefined }, { errors: [{ message: 'x' }], data: null, extensions: { a: [1] } }]) {
      expect(encodeAnswer(value as FormattedExecutionResult).toString('utf8')).toBe(`${JSON.stringify(value)}\n`);
    }
  });
});

const typeDefs = `type Warning { id: ID! headline: String! } type Query { warnings(count: Int!, tag: String): [Warning!]! broken: String }`;
const resolvers = {
  Query: {
    warnings: async (_: unknown, { count, tag }: { count: number; tag?: string }) => {
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 5)));
      return Array.from({ length: count }, (_unused, i) => ({ id: `${tag ?? 'w'}${i}`, headline: `长三角暴雨橙色预警 ${tag ?? ''} ${i}` }));
    },
    broken: () => {
      throw new Error('no');
    },
  },
};

/** Apollo Server with AnswerBytes behind the HTTP handler; `texts` holds every text its stringifyResult gave. */
async function serveWithBytes(share?: ShareInFlight) {
  const answerBytes = new AnswerBytes();
  const texts: string[] = [];
  const server = new ApolloServer({
    typeDefs,
    resolvers,
    stringifyResult: (value) => {
      const text = answerBytes.stringifyResult(value);
      texts.push(text);
      return text;
    },
    plugins: [answerBytes.plugin()],
  });
  await server.start();
  const served = await serveGraphQL(graphqlHandler(server, async () => ({}), 1_000_000, { answerBytes, ...(share ? { share } : {}) }), () => server.stop(), 0, '127.0.0.1');
  return { ...served, server, texts };
}

async function ask(url: string, query: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, length: Number(res.headers.get('content-length')), text: bytes.toString('utf8'), bytes };
}

describe('answers through the HTTP handler with AnswerBytes', () => {
  const shareNothing: ShareInFlight = (_req, _request, execute): Promise<CompleteAnswer> => execute();

  it.each([
    ['alone', undefined],
    ['through in-flight sharing', shareNothing],
  ])('go out as the written bytes, Apollo Server giving an empty text (%s)', async (_label, share) => {
    const served = await serveWithBytes(share);
    try {
      const answer = await ask(served.url, '{ warnings(count: 3000) { id headline } }');
      expect(answer.status).toBe(200);
      expect(answer.length).toBe(answer.bytes.length);
      expect(answer.bytes.length).toBeGreaterThan(128 * 1024);
      const parsed = JSON.parse(answer.text) as FormattedExecutionResult;
      expect(answer.text).toBe(`${JSON.stringify(parsed)}\n`);
      expect((parsed.data as { warnings: unknown[] }).warnings).toHaveLength(3000);
      expect(served.texts).toEqual(['']);
    } finally {
      await served.close();
    }
  });

  it('keep each request its own answer when many are in flight', async () => {
    const served = await serveWithBytes();
    try {
      const tags = Array.from({ length: 24 }, (_, i) => `t${i}`);
      const answers = await Promise.all(tags.map((tag, i) => ask(served.url, `{ warnings(count: ${50 + i}, tag: "${tag}") { id } }`)));
      answers.forEach((answer, i) => {
        const ids = (JSON.parse(answer.text) as { data: { warnings: { id: string }[] } }).data.warnings.map((w) => w.id);
        expect(ids).toEqual(Array.from({ length: 50 + i }, (_, j) => `${tags[i]}${j}`));
      });
      expect(served.texts.every((t) => t === '')).toBe(true);
    } finally {
      await served.close();
    }
  });

  it('are Apollo Server text where there is no data, and for a request that did not come through the handler', async () => {
    const served = await serveWithBytes();
    try {
      const invalid = await ask(served.url, '{ nothing }');
      expect(invalid.status).toBe(400);
      expect(invalid.text).toBe(`${JSON.stringify(JSON.parse(invalid.text))}\n`);
      expect(JSON.parse(invalid.text)).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      const direct = await served.server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: new (await import('@apollo/server')).HeaderMap([['content-type', 'application/json']]), search: '', body: { query: '{ warnings(count: 2) { id } }' } },
        context: async () => ({}),
      });
      expect(direct.body.kind === 'complete' ? direct.body.string : null).toBe('{"data":{"warnings":[{"id":"w0"},{"id":"w1"}]}}\n');
      const partial = await ask(served.url, '{ broken warnings(count: 1) { id } }');
      expect(JSON.parse(partial.text)).toMatchObject({ data: { broken: null, warnings: [{ id: 'w0' }] }, errors: [{ path: ['broken'] }] });
      expect(served.texts).toEqual([expect.stringContaining('GRAPHQL_VALIDATION_FAILED'), '{"data":{"warnings":[{"id":"w0"},{"id":"w1"}]}}\n', '']);
    } finally {
      await served.close();
    }
  });
});
