import type { GraphQLRequestListener } from '@apollo/server';
import { parse } from 'graphql';
import type { GatewayContext } from '../../../../gateway/context';
import { asksForSchema, useIntrospectionGate } from '../../../../gateway/plugins/apollo/introspection';
import type { Caller } from '../../../../schema/sharing-catalog';

/** In production the schema is for auditors only; elsewhere introspection stays on for tools. */

const AUDITOR: Caller = { sub: 'a', role: 'auditor', province: null, catalog: [] };
const APP: Caller = { sub: 'b', role: 'app', province: null, catalog: [] };

async function resolve(production: boolean, query: string, caller: Caller | undefined): Promise<void> {
  const listener = (await useIntrospectionGate(production).requestDidStart?.({} as never)) as GraphQLRequestListener<GatewayContext>;
  const contextValue: GatewayContext = { requestId: 'r', trace: { operationName: null, errorCodes: [] }, ...(caller ? { caller } : {}) };
  await listener.didResolveOperation?.({ document: parse(query), contextValue } as never);
}

describe('asking for the schema', () => {
  it('is __schema or __type anywhere, in fragments too; __typename is data', () => {
    expect(asksForSchema(parse('{ __schema { types { name } } }'))).toBe(true);
    expect(asksForSchema(parse('{ __type(name: "Warning") { name } }'))).toBe(true);
    expect(asksForSchema(parse('{ warning(id: "x") { ... on Warning { __type(name: "X") { name } } } }'))).toBe(true);
    expect(asksForSchema(parse('query { ...F } fragment F on Query { __schema { queryType { name } } }'))).toBe(true);
    expect(asksForSchema(parse('{ __typename warning(id: "x") { id } }'))).toBe(false);
  });

  it('answers a parsed document asked again as the first time (kept per document)', () => {
    const schemaAsked = parse('{ __schema { types { name } } }');
    const dataAsked = parse('{ __typename warning(id: "x") { id } }');
    for (let i = 0; i < 2; i++) {
      expect(asksForSchema(schemaAsked)).toBe(true);
      expect(asksForSchema(dataAsked)).toBe(false);
    }
  });
});

describe('the introspection gate', () => {
  it('refuses the schema in production to anyone but an auditor, with FORBIDDEN and HTTP 403', async () => {
    const refusal = resolve(true, '{ __schema { types { name } } }', APP);
    await expect(refusal).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
    await expect(resolve(true, '{ __schema { types { name } } }', undefined)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('lets an auditor, any caller outside production, and any query for data through', async () => {
    await expect(resolve(true, '{ __schema { types { name } } }', AUDITOR)).resolves.toBeUndefined();
    await expect(resolve(false, '{ __schema { types { name } } }', APP)).resolves.toBeUndefined();
    await expect(resolve(true, '{ __typename }', APP)).resolves.toBeUndefined();
  });
});
