import { CONFIG_AREAS } from '../config/areas';
import type { Variable } from '../config/variable';
import type { GeneratedSection } from './readme-section';

const CONFIG_START = '<!-- config:start -->';
const CONFIG_END = '<!-- config:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(name: string, variable: Variable<unknown>): string {
  const fallback = variable.defaultIsValue ? `\`${variable.default}\`` : variable.default;
  return `| \`${name}\` | ${cell(variable.type)} | ${cell(fallback)} | ${variable.unit ?? ''} | ${cell(variable.description)} |`;
}

/** The README's configuration tables, one per area, from the declarations. */
function renderConfigTables(): string {
  const sections = CONFIG_AREAS.map(({ title, variables }) => {
    const rows = variables.flatMap((declarations) => Object.entries(declarations).map(([name, variable]) => row(name, variable)));
    return [`**${title}**`, '', '| variable | type | default | unit | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  });
  return sections.join('\n\n');
}

export const CONFIG_TABLES: GeneratedSection = { start: CONFIG_START, end: CONFIG_END, render: renderConfigTables };
