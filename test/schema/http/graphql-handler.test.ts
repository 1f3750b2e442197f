import { ApolloServer } from '@apollo/server';
import { Buffer } from 'node:buffer';
import { graphqlHandler, serveGraphQL, type CompleteAnswer, type ShareInFlight } from '../../../schema/http/graphql-handler';

/**
 * Apollo Server on plain node:http: a complete answer goes out as bytes, whether it is shared with
 * identical requests in flight or not; what a client reads is the same either way: the length
 * of the bytes (multi-byte text included), and Apollo Server's JSON with its closing newline.
 */

const HEADLINE = '长三角暴雨橙色预警：太湖流域';

const typeDefs = `type Warning { id: ID! headline: String! } type Query { warnings(count: Int!): [Warning!]! }`;
const resolvers = { Query: { warnings: (_: unknown, { count }: { count: number }) => Array.from({ length: count }, (_unused, i) => ({ id: `w${i}`, headline: `${HEADLINE} ${i}` })) } };

async function serve(share?: ShareInFlight) {
  const server = new ApolloServer({ typeDefs, resolvers });
  await server.start();
  return serveGraphQL(graphqlHandler(server, async () => ({}), 1_000_000, share ? { share } : {}), () => server.stop(), 0, '127.0.0.1');
}

async function ask(url: string, count: number) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ warnings(count: ${count}) { id headline } }` }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), length: Number(res.headers.get('content-length')), bytes };
}

describe('a GraphQL answer on plain node:http', () => {
  const shareNothing: ShareInFlight = (_req, _request, execute): Promise<CompleteAnswer> => execute();

  it.each([1, 2_000])('is the same bytes, with their length, shared or not (%i warnings of Chinese text)', async (count) => {
    const [alone, shared] = [await serve(), await serve(shareNothing)];
    try {
      const [a, b] = [await ask(alone.url, count), await ask(shared.url, count)];
      expect(a.status).toBe(200);
      expect(a.type).toMatch(/^application\/(graphql-response\+)?json/);
      expect(a.length).toBe(a.bytes.length);
      expect(a.bytes.equals(b.bytes)).toBe(true);
      expect(b.length).toBe(b.bytes.length);
      const text = a.bytes.toString('utf8');
      expect(text.endsWith('}\n')).toBe(true);
      const answer = JSON.parse(text) as { data: { warnings: { id: string; headline: string }[] } };
      expect(answer.data.warnings).toHaveLength(count);
      expect(answer.data.warnings[count - 1]).toEqual({ id: `w${count - 1}`, headline: `${HEADLINE} ${count - 1}` });
    } finally {
      await Promise.all([alone.close(), shared.close()]);
    }
  });
});
