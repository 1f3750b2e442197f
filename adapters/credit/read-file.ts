import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { COLUMNS, mapRow, type MappedRow } from './map-row';

/**
 * Reads one downloaded file as it arrives: its sha256 against the manifest's, the CSV streamed
 * through gunzip and csv-parse (BOM, RFC 4180 quoting, line breaks inside quotes), one row at a
 * time, so that a file is never held whole, compressed or not. A file that fails anywhere yields nothing usable:
 * the caller builds its next state from the rows and throws it away on error.
 */

export class CreditFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CreditFileError';
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads the gzip stream once: every byte goes into the sha256 on its way through gunzip and
 * csv-parse. The hash is known only at the end, so rows are handed over as they come and the file
 * is judged when the stream ends: the caller keeps its rows only when this resolves.
 */
export async function readCreditFile(file: { name: string; sha256: string; rows: number }, gzip: Readable, onRow: (row: MappedRow) => void): Promise<void> {
  const { name } = file;
  const hash = createHash('sha256');
  const hashed = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  const piped = pipeline(gzip, hashed, createGunzip(), parser).catch((e: unknown) => e);
  let header = true;
  let rows = 0;
  let failure: CreditFileError | null = null;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        if (row.join(',') !== COLUMNS.join(',')) throw new CreditFileError(name, 'its header is not the documented one');
        continue;
      }
      rows += 1;
      onRow(mapRow(row));
    }
  } catch (e) {
    failure = e instanceof CreditFileError ? e : new CreditFileError(name, `does not read as gzip CSV (${describe(e)})`);
  }
  const streamError = await piped;
  if (!failure && streamError) failure = new CreditFileError(name, `does not read as gzip CSV (${describe(streamError)})`);
  if (failure) {
    gzip.resume();
    await finished(gzip).catch(() => undefined);
  }
  if (!gzip.readableAborted && hash.digest('hex').toLowerCase() !== file.sha256.toLowerCase()) throw new CreditFileError(name, 'content does not match its sha256');
  if (failure) throw failure;
  if (header) throw new CreditFileError(name, 'has no header row');
  if (rows !== file.rows) throw new CreditFileError(name, `holds ${rows} rows where the manifest lists ${file.rows}`);
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
