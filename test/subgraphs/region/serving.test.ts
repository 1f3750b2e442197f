import { readFileSync } from 'node:fs';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import path from 'node:path';
import { REGION_SDL_SNAPSHOT } from '../../../subgraphs/region/print-sdl';
import { printRegionSdl } from '../../../subgraphs/region/schema';
import { data, region, root, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('region subgraph: federation', () => {
  it('resolves AdminDivision references by adcode, in order, abolished codes to successors and unknown ones to null', async () => {
    const representations = ['320509', '320584', '999999', '33O421', '310000'].map((adcode) => ({ __typename: 'AdminDivision', adcode }));
    const { _entities } = await data<{ _entities: ({ adcode: string; name: string; parent: { adcode: string } | null } | null)[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on AdminDivision { adcode name parent { adcode } } } }`,
      { r: representations },
    );
    expect(_entities).toEqual([
      { adcode: '320509', name: '吴江区', parent: { adcode: '320500' } },
      { adcode: '320509', name: '吴江区', parent: { adcode: '320500' } },
      null,
      null,
      { adcode: '310000', name: '上海市', parent: null },
    ]);
  });

  it('declares AdminDivision as an entity keyed by adcode and GeoPoint as shareable', async () => {
    const { _service } = await data<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    expect(_service.sdl).toMatch(/type AdminDivision\s+@key\(fields: "adcode"\)/);
    expect(_service.sdl).toMatch(/type GeoPoint\s+@shareable/);
  });

  it('serves the schema of its current SDL snapshot, schema/snapshots/region.graphql (regenerate: node dist/subgraphs/region/print-sdl.js)', async () => {
    const snapshot = readFileSync(path.join(root, REGION_SDL_SNAPSHOT), 'utf8');
    expect(snapshot).toBe(`${printRegionSdl()}\n`);
    const { _service } = await data<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    expect(`${printSubgraphSchema(buildSubgraphSchema(parse(_service.sdl)))}\n`).toBe(snapshot);
  });
});

describe('region subgraph: HTTP', () => {
  it('answers /health, /ready (the chart probes both) and nothing outside /graphql', async () => {
    const base = region.url.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });
});
