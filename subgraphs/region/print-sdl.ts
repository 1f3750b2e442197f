import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printRegionSdl } from './schema';

/** Where the region subgraph's printed SDL is committed, relative to the repository root. */
export const REGION_SDL_SNAPSHOT = path.join('schema', 'snapshots', 'region.graphql');

/** Writes the snapshot under `root` (run after a schema change: node dist/subgraphs/region/print-sdl.js). */
export function writeRegionSdlSnapshot(root: string): string {
  const file = path.join(root, REGION_SDL_SNAPSHOT);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${printRegionSdl()}\n`);
  return file;
}

if (require.main === module) {
  console.log(writeRegionSdlSnapshot(process.cwd()));
}
