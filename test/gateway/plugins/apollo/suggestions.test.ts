import { startRegionRegistryGateway, type RegionRegistryGateway } from '../../../fixtures/gateway/region-registry-gateway';
import { mintToken } from '../../../support/tokens';

/** Where introspection is off (production), validation errors name no field the caller did not write. */

async function validationMessages(fed: RegionRegistryGateway, query: string): Promise<string[]> {
  const res = await fetch(fed.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintToken({ role: 'app' })}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  expect(body.errors?.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
  return (body.errors ?? []).map((e) => e.message);
}

const MISSPELT = '{ provincez { code } zones { codee } }';

describe('field suggestions in validation errors', () => {
  let development: RegionRegistryGateway;
  let production: RegionRegistryGateway;

  beforeAll(async () => {
    development = await startRegionRegistryGateway();
    production = await startRegionRegistryGateway({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await development?.close();
    await production?.close();
  });

  it('are given outside production ("Did you mean …")', async () => {
    const messages = await validationMessages(development, MISSPELT);
    expect(messages.some((m) => m.includes('Did you mean "provinces"?'))).toBe(true);
  });

  it('are removed in production, where introspection is off', async () => {
    const messages = await validationMessages(production, MISSPELT);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.filter((m) => /did you mean/i.test(m))).toEqual([]);
    expect(messages.join(' ')).not.toContain('"provinces"');
    expect(messages.some((m) => m.includes('Cannot query field "provincez" on type "Query".'))).toBe(true);
  });
});
