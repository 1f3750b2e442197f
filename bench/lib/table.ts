import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';

/** A benchmark's result: printed as a Markdown table and written to bench/results/<name>.md. */
export interface ResultTable {
  name: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes: string[];
}

export function renderTable(t: ResultTable): string {
  const line = (cells: (string | number)[]): string => `| ${cells.map(String).join(' | ')} |`;
  return [
    `## ${t.title}`,
    '',
    line(t.columns),
    line(t.columns.map(() => '---')),
    ...t.rows.map(line),
    '',
    ...t.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

export function writeResult(t: ResultTable, dir = projectFile('bench', 'results')): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${t.name}.md`);
  writeFileSync(file, `${renderTable(t)}\n_Run ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}._\n`);
  return file;
}
