import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printCreditSdl } from './schema';

/** Where the credit subgraph's printed SDL is committed, relative to the repository root. */
export const CREDIT_SDL_SNAPSHOT = path.join('schema', 'snapshots', 'credit.graphql');

/** Writes the snapshot under `root` (after a schema change: node dist/subgraphs/credit/print-sdl.js). */
export function writeCreditSdlSnapshot(root: string): string {
  const file = path.join(root, CREDIT_SDL_SNAPSHOT);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${printCreditSdl()}\n`);
  return file;
}

if (require.main === module) {
  console.log(writeCreditSdlSnapshot(process.cwd()));
}
