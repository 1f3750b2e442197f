import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';

/** A benchmark's result: printed as a Markdown table and written to bench/results/<name>.md (tables of one name share the file). */
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

/** One file per name, its tables in the order given; the files written. */
export function writeResults(tables: readonly ResultTable[], dir = projectFile('bench', 'results')): string[] {
  mkdirSync(dir, { recursive: true });
  const byName = new Map<string, ResultTable[]>();
  for (const t of tables) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  return [...byName].map(([name, group]) => {
    const file = path.join(dir, `${name}.md`);
    writeFileSync(file, `${group.map(renderTable).join('\n')}\n_Run ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}._\n`);
    return file;
  });
}
