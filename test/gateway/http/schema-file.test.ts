import { printSchema } from 'graphql';
import { startRegionRegistryGateway, type RegionRegistryGateway } from '../../fixtures/gateway/region-registry-gateway';
import { mintToken } from '../../support/tokens';

/** GET /schema.graphql: the live API schema for code generation, even where introspection is off. */

const FEDERATION_INTERNALS = ['_entities', '_service', '_Entity', '_Any', 'join__', 'link__', '@inaccessible', '@join', '@link'];

describe('GET /schema.graphql', () => {
  let fed: RegionRegistryGateway;
  let locked: RegionRegistryGateway;

  beforeAll(async () => {
    fed = await startRegionRegistryGateway();
    // Production (introspection for auditors only) and no anonymous callers.
    locked = await startRegionRegistryGateway({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'false' });
  });
  afterAll(async () => {
    await fed?.close();
    await locked?.close();
  });

  it("serves the live API schema, equal to printSchema of the gateway's API schema, with the registry's version number", async () => {
    const res = await fetch(`${fed.origin}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const sdl = await res.text();
    expect(sdl).toBe(printSchema(fed.gateway.gateway.schema!));
    expect(sdl).toContain('type Query');
    expect(res.headers.get('x-schema-version')).toBe(String((await fed.registry.liveVersion())?.number));
  });

  it('is the contract, without the subgraphs\' federation internals', async () => {
    const sdl = await (await fetch(`${fed.origin}/schema.graphql`)).text();
    expect(FEDERATION_INTERNALS.filter((name) => sdl.includes(name))).toEqual([]);
  });

  it("serves the registry's version N with ?version=N", async () => {
    const res = await fetch(`${fed.origin}/schema.graphql?version=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-schema-version')).toBe('1');
    expect(await res.text()).toBe((await fed.registry.version(1))?.apiSchemaSdl);
  });

  it('answers 404 with NOT_FOUND for a version the registry does not hold, 400 with BAD_USER_INPUT for one that is no number', async () => {
    const unknown = await fetch(`${fed.origin}/schema.graphql?version=999`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ errors: [{ message: 'the schema registry holds no version 999', extensions: { code: 'NOT_FOUND', version: 999 } }] });
    const wrong = await fetch(`${fed.origin}/schema.graphql?version=latest`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', argument: 'version' } }] });
  });

  it('is for any caller allowed to query: in production without introspection an app gets it; without a token where anonymous callers are refused, 401', async () => {
    const app = await fetch(`${locked.origin}/schema.graphql`, { headers: { authorization: `Bearer ${await mintToken({ role: 'app' })}` } });
    expect(app.status).toBe(200);
    expect(await app.text()).toBe(printSchema(locked.gateway.gateway.schema!));
    const anonymous = await fetch(`${locked.origin}/schema.graphql`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const forged = await fetch(`${fed.origin}/schema.graphql`, { headers: { authorization: `Bearer ${await mintToken({ role: 'app' }, { secret: 'another-secret-0123456789abcdef-0123456789' })}` } });
    expect(forged.status).toBe(401);
  });
});
