import { createHash } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { COLUMNS, mapRow, type MappedRow } from './map-row';

/**
 * Reads one downloaded file: the gzip bytes' sha256 against the manifest's, then the CSV streamed
 * through gunzip and csv-parse (BOM, RFC 4180 quoting, line breaks inside quotes), one row at a
 * time, so that a file is never held decompressed. A file that fails anywhere yields nothing usable:
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

export async function readCreditFile(file: { name: string; sha256: string; rows: number }, gzip: Buffer, onRow: (row: MappedRow) => void): Promise<void> {
  const { name, sha256 } = file;
  if (sha256Hex(gzip).toLowerCase() !== sha256.toLowerCase()) throw new CreditFileError(name, 'content does not match its sha256');
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  pipeline(Readable.from([gzip]), createGunzip(), parser, () => undefined);
  let header = true;
  let rows = 0;
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
    if (e instanceof CreditFileError) throw e;
    throw new CreditFileError(name, `does not read as gzip CSV (${e instanceof Error ? e.message : String(e)})`);
  }
  if (header) throw new CreditFileError(name, 'has no header row');
  if (rows !== file.rows) throw new CreditFileError(name, `holds ${rows} rows where the manifest lists ${file.rows}`);
}
