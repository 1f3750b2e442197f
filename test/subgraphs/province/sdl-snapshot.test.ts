import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROVINCE_SDL_SNAPSHOT } from '../../../subgraphs/province/print-sdl';
import { provinceSubgraphSdl } from '../../../subgraphs/province/schema';

describe('the province subgraph SDL snapshot', () => {
  it('schema/snapshots/province.graphql is the SDL the subgraph serves (rewrite: node dist/subgraphs/province/print-sdl.js)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../..', PROVINCE_SDL_SNAPSHOT), 'utf8');
    expect(committed).toBe(`${provinceSubgraphSdl()}\n`);
  });
});
