import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { provinceSubgraphSdl } from './schema';

/** Where the province subgraph's printed SDL is committed, relative to the repository root. */
export const PROVINCE_SDL_SNAPSHOT = path.join('schema', 'snapshots', 'province.graphql');

/** Writes the snapshot under `root` (after a schema change: node dist/subgraphs/province/print-sdl.js). */
export function writeProvinceSdlSnapshot(root: string): string {
  const file = path.join(root, PROVINCE_SDL_SNAPSHOT);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${provinceSubgraphSdl()}\n`);
  return file;
}

if (require.main === module) {
  console.log(writeProvinceSdlSnapshot(process.cwd()));
}
