import { OperationTypes } from '../../../gateway/http/operation-types';

/**
 * The gateway's one operation classifier, read by inbound de-duplication, the response cache
 * (request bodies) and subgraph de-duplication (fetch documents).
 */

describe('the type of operation a request body asks for', () => {
  const types = new OperationTypes();

  it('is the type of the document\'s only operation, or of the one operationName names', () => {
    expect(types.of({ query: '{ a }' })).toBe('query');
    expect(types.of({ query: 'mutation { b }' })).toBe('mutation');
    expect(types.of({ query: 'subscription { c }' })).toBe('subscription');
    expect(types.of({ query: 'query Q { a } mutation M { b }', operationName: 'Q' })).toBe('query');
    expect(types.of({ query: 'query Q { a } mutation M { b }', operationName: 'M' })).toBe('mutation');
  });

  it('is unknown for a body that is not an object, a document that does not parse, or an operation it does not name', () => {
    expect(types.of(null)).toBe('unknown');
    expect(types.of('{ a }')).toBe('unknown');
    expect(types.of({ query: '{ a' })).toBe('unknown');
    expect(types.of({ query: 'query Q { a } mutation M { b }' })).toBe('unknown');
    expect(types.of({ query: '{ a }', operationName: 'Other' })).toBe('unknown');
  });

  it('knows a persisted query sent by hash alone once the server has checked the hash against its query', () => {
    const taught = new OperationTypes();
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: 'h' } } };
    expect(taught.of(byHash)).toBe('unknown');
    taught.learnPersisted('h', 'mutation { b }');
    expect(taught.of(byHash)).toBe('mutation');
    taught.learnPersisted('h', '{ a }');
    expect(taught.of(byHash)).toBe('mutation');
  });
});

describe('whether a fetch document holds only queries', () => {
  const types = new OperationTypes();

  it('is true for queries, with or without fragments, and false when any operation is not a query', () => {
    expect(types.onlyQueries('{ a }')).toBe(true);
    expect(types.onlyQueries('query Q { a } fragment F on T { b }')).toBe(true);
    expect(types.onlyQueries('query Q { a } query R { b }')).toBe(true);
    expect(types.onlyQueries('mutation { answer { n } }')).toBe(false);
    expect(types.onlyQueries('query Q { a } mutation M { b }')).toBe(false);
    expect(types.onlyQueries('subscription { c }')).toBe(false);
  });

  it('is false for a document that does not parse or holds no operation', () => {
    expect(types.onlyQueries('{ a')).toBe(false);
    expect(types.onlyQueries('fragment F on T { b }')).toBe(false);
  });

  it('answers the same the second time, from the parsed document it keeps', () => {
    const query = 'query Kept { a }';
    expect(types.onlyQueries(query)).toBe(true);
    expect(types.onlyQueries(query)).toBe(true);
    expect(types.of({ query })).toBe('query');
  });
});

describe('the key under which identical requests share', () => {
  const types = new OperationTypes();
  const request = (body: unknown, headers: Record<string, string> = {}) => ({ rawBody: JSON.stringify(body), body, headers: { 'content-type': 'application/json', ...headers } });

  it('holds the identity, Accept, Content-Type and bytes of a query', () => {
    const key = types.sharingKey(request({ query: '{ a }' }), 'caller');
    expect(key).not.toBeNull();
    expect(types.sharingKey(request({ query: '{ a }' }), 'other')).not.toEqual(key);
    expect(types.sharingKey(request({ query: '{ a }' }, { accept: 'application/graphql-response+json' }), 'caller')).not.toEqual(key);
    expect(types.sharingKey(request({ query: '{  a }' }), 'caller')).not.toEqual(key);
  });

  it('is null for anything but a query, and for a request that accepts incremental delivery', () => {
    expect(types.sharingKey(request({ query: 'mutation { b }' }), 'caller')).toBeNull();
    expect(types.sharingKey(request({ query: '{ a }' }, { accept: 'multipart/mixed' }), 'caller')).toBeNull();
    expect(types.sharingKey(request({ query: '{ a }' }, { accept: 'text/event-stream' }), 'caller')).toBeNull();
  });
});
