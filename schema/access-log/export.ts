import type { AccessRecord, AccessRelease } from './types';

export type ExportFormat = 'csv' | 'ndjson';

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const CSV_COLUMNS = ['seq', 'at', 'requestId', 'sub', 'role', 'province', 'clientName', 'operationName', 'operationHash', 'kind', 'released', 'refused', 'outcome', 'previousHash', 'hash'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** "ENTRY:PROVINCE=records" joined by spaces, so one cell holds a whole list. */
function releases(list: readonly AccessRelease[]): string {
  return list.map((r) => `${r.entry}:${r.province}=${r.records}`).join(' ');
}

/** Lines of the export, header first for CSV; each record as it is stored, with its hashes. */
export async function* exportLines(records: AsyncIterable<AccessRecord>, format: ExportFormat): AsyncIterable<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const record of records) {
    if (format === 'ndjson') {
      yield `${JSON.stringify(record)}\n`;
      continue;
    }
    const row = { ...record, released: releases(record.released), refused: releases(record.refused) };
    yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`;
  }
}
