import { readFile, writeFile } from 'node:fs/promises';
import type { HeadSigner } from '../../schema/registry/signing';
import type { SchemaVersionRecord } from '../../schema/registry/types';
import { versionHash } from '../../schema/registry/version-hash';

/** A line of a registry history file as the file store writes it. */
export type HistoryLine = { kind: 'version' | 'check'; record: SchemaVersionRecord & Record<string, unknown> };

export const readHistoryLines = async (file: string): Promise<HistoryLine[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HistoryLine);

export const writeHistoryLines = (file: string, lines: HistoryLine[]): Promise<void> => writeFile(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));

/**
 * What a forger without the key can do: change version 1's publisher and re-hash every version
 * after it, so that every hash and link matches again; the signatures are dropped, or made with
 * `resigner` (another key).
 */
export async function rewriteHistoryWhole(file: string, resigner: HeadSigner | null = null, hashOf: (version: never) => string = versionHash): Promise<void> {
  const lines = await readHistoryLines(file);
  let previousHash: string | null = null;
  for (const line of lines) {
    if (line.kind !== 'version') continue;
    const { hash: _hash, signature: _signature, ...content } = line.record;
    const rewritten = { ...content, previousHash, publishedBy: content.number === 1 ? 'mallory' : content.publishedBy };
    const hash = hashOf(rewritten as never);
    line.record = { ...rewritten, hash, ...(resigner ? { signature: resigner.sign(hash) } : {}) };
    previousHash = hash;
  }
  await writeHistoryLines(file, lines);
}
