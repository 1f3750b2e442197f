import type { ApolloGateway, GatewayConfig } from '@apollo/gateway';
import { apolloGateway } from '../../../gateway/apollo-gateway';
import { shapesWithCompiledSteps, useCompiledShaping } from '../../../gateway/executor/compiled-shaping';
import { codeGeneration } from '../../../gateway/executor/shape-code';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * Issue 21: the compiled result shaper (COMPILED_RESULT_SHAPING) answers what stock
 * @apollo/gateway's result shaping answers. A differential test: one supergraph, the same
 * subgraphs on real HTTP, stock ApolloGateway against ApolloGateway with compiled shaping, in one
 * process; answers, errors and extensions deep-equal and byte-identical as JSON. The cases are the
 * ones result shaping decides: nulls and null bubbling (with their errors), __typename (aliased,
 * on abstract types), aliases and a field selected twice, @skip/@include (literal, variable,
 * defaulted variable), fragments on interfaces and unions, introspection beside data.
 */

const books: Record<string, { id: string; label: string | null; title: string; pages: number | null }> = {
  b1: { id: 'b1', label: 'first', title: 'Rivers', pages: 120 },
  b2: { id: 'b2', label: null, title: 'Levees', pages: null },
  b3: { id: 'b3', label: 'lost', title: 'Floods', pages: 90 },
};
const films: Record<string, { id: string; label: string | null; minutes: number | null }> = {
  f1: { id: 'f1', label: 'doc', minutes: 52 },
  f2: { id: 'f2', label: null, minutes: null },
};

const catalog = {
  name: 'catalog',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Query {
      things: [Thing!]!
      looseThings: [Thing]
      lostThings: [Thing!]!
      item(id: ID!): Item
      film(id: ID!): Film
      counts: [Int]
    }
    interface Thing { id: ID! label: String }
    type Book implements Thing @key(fields: "id") { id: ID! label: String title: String! pages: Int }
    type Film implements Thing @key(fields: "id") { id: ID! label: String minutes: Int }
    union Item = Book | Film
  `,
  resolvers: {
    Query: {
      things: () => [books.b1, films.f1, books.b2],
      looseThings: () => [books.b1, books.b3, films.f2],
      lostThings: () => [books.b1, books.b3],
      item: (_: unknown, { id }: { id: string }) => books[id] ?? films[id] ?? null,
      film: (_: unknown, { id }: { id: string }) => films[id] ?? null,
      counts: () => [1, null, 3],
    },
    Thing: { __resolveType: (thing: { id: string }) => (thing.id.startsWith('b') ? 'Book' : 'Film') },
    Item: { __resolveType: (thing: { id: string }) => (thing.id.startsWith('b') ? 'Book' : 'Film') },
    Book: { __resolveReference: (key: { id: string }) => books[key.id] },
    Film: { __resolveReference: (key: { id: string }) => films[key.id] },
  },
};

/** Reviews know Book b1 and b2; b3 resolves to null, so its non-null `rating` is missing where the gateway shapes it. */
const reviews = {
  name: 'reviews',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Book @key(fields: "id") { id: ID! rating: Int! reviews: [Review!]! }
    type Film @key(fields: "id") { id: ID! stars: Int }
    type Review { stars: Int! text: String }
  `,
  resolvers: {
    Book: {
      __resolveReference: (key: { id: string }) => (key.id === 'b3' ? null : { id: key.id }),
      rating: (book: { id: string }) => (book.id === 'b1' ? 5 : 3),
      reviews: (book: { id: string }) => (book.id === 'b1' ? [{ stars: 5, text: 'good' }, { stars: 4, text: null }] : []),
    },
    Film: { __resolveReference: (key: { id: string }) => ({ id: key.id }), stars: (film: { id: string }) => (film.id === 'f1' ? 4 : null) },
  },
};

const cases: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'an interface list with fragments per type and entity fields of another subgraph', query: '{ things { __typename id label ... on Book { title pages rating reviews { stars text } } ... on Film { minutes stars } } }' },
  { name: 'aliases, __typename aliased, a field selected twice, named fragments', query: '{ a: things { kind: __typename i: id } b: things { id ...F id } } fragment F on Thing { label ... on Book { t: title label } ... on Film { __typename } }' },
  { name: '@skip and @include: literals, variables, a defaulted variable', query: 'query ($yes: Boolean!, $no: Boolean = false) { things { id label @include(if: $yes) pages: __typename @skip(if: true) ... on Book @skip(if: $no) { title } ... @include(if: false) { __typename } ... on Film @include(if: $yes) @skip(if: $yes) { minutes } } }', variables: { yes: true } },
  { name: '@skip and @include with the variables the other way', query: 'query ($yes: Boolean!, $no: Boolean = false) { things { id label @include(if: $yes) ... on Book @skip(if: $no) { title } } }', variables: { yes: false, no: true } },
  { name: 'a union: matching, other and missing members', query: '{ item(id: "b1") { __typename ... on Book { title } ... on Film { minutes } } other: item(id: "f1") { ... on Film { minutes } } missing: item(id: "zz") { __typename } }' },
  { name: 'a non-null field missing after an entity fetch: the error and the null bubbling to the nullable list element', query: '{ looseThings { id ... on Book { title rating } ... on Film { minutes } } }' },
  { name: 'a non-null field missing under a non-null list: the null bubbles to the root', query: '{ things { id } lostThings { id ... on Book { rating } } }' },
  { name: 'a non-null field missing under a nullable union field', query: '{ item(id: "b3") { ... on Book { title rating reviews { stars } } } }' },
  { name: 'a nullable list of scalars with nulls, and nulls in leaves', query: '{ counts film(id: "f2") { label minutes stars } nothing: film(id: "none") { id } }' },
  { name: 'a response name `__proto__` (answered by objects without a prototype)', query: '{ __proto__: things { __proto__: id label } }' },
  { name: 'introspection beside data', query: '{ __typename things { id } __type(name: "Book") { name fields { name } } }' },
  { name: 'an inline fragment without a type condition and one on the interface itself', query: '{ things { ... { id } ... on Thing { label } ... on Book { id rating } } }' },
];

const federation = miniFederationForTests([catalog, reviews]);

describe('compiled result shaping answers as stock @apollo/gateway does', () => {
  let built: ApolloGateway | null = null;
  const compiled = (config: GatewayConfig): ApolloGateway => {
    built = useCompiledShaping(true, apolloGateway(config));
    return built;
  };

  it.each(cases)('$name', async ({ query, variables }) => {
    const stock = await federation().query(apolloGateway, query, variables);
    const ours = await federation().query(compiled, query, variables);
    expect(built && shapesWithCompiledSteps(built)).toBe(true);
    expect(ours).toEqual(stock);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(stock));
  });

  it('the cases reach what shaping decides: errors, bubbled nulls and valueCompletion', async () => {
    const bubbled = await federation().query(compiled, cases[6].query);
    expect(bubbled.data).toBeNull();
    const element = await federation().query(compiled, cases[5].query);
    expect(element.data).toEqual({ looseThings: [{ id: 'b1', title: 'Rivers', rating: 5 }, null, { id: 'f2', minutes: null }] });
    const completion = (element.extensions?.valueCompletion ?? element.errors) as { message: string; path: unknown[] }[];
    expect(completion.map((e) => [e.message, e.path])).toEqual([['Cannot return null for non-nullable field Book.rating.', ['looseThings', 1, 'rating']]]);
  });

  describe('where V8 builds no code from source (node --disallow-code-generation-from-strings): the steps interpreted', () => {
    beforeAll(() => {
      codeGeneration.allowed = false;
    });
    afterAll(() => {
      codeGeneration.allowed = true;
    });

    it.each(cases)('$name', async ({ query, variables }) => {
      const stock = await federation().query(apolloGateway, query, variables);
      const ours = await federation().query(compiled, query, variables);
      expect(JSON.stringify(ours)).toBe(JSON.stringify(stock));
    });
  });

  it('a gateway without it keeps the stock walk in the same process', async () => {
    let stock: ApolloGateway | null = null;
    await federation().query((config) => (stock = apolloGateway(config)), cases[0].query);
    expect(stock && shapesWithCompiledSteps(stock)).toBe(false);
  });
});
