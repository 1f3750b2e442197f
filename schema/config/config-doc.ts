import { CONFIG_AREAS } from './areas';
import type { Variable } from './variable';

export const CONFIG_START = '<!-- config:start -->';
export const CONFIG_END = '<!-- config:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(name: string, variable: Variable<unknown>): string {
  const fallback = variable.defaultIsValue ? `\`${variable.default}\`` : variable.default;
  return `| \`${name}\` | ${cell(variable.type)} | ${cell(fallback)} | ${variable.unit ?? ''} | ${cell(variable.description)} |`;
}

/** The README's configuration tables, one per area, from the declarations. */
export function renderConfigTables(): string {
  const sections = CONFIG_AREAS.map(({ title, variables }) => {
    const rows = variables.flatMap((declarations) => Object.entries(declarations).map(([name, variable]) => row(name, variable)));
    return [`**${title}**`, '', '| variable | type | default | unit | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  });
  return sections.join('\n\n');
}

/** `readme` with the text between the markers replaced by the generated tables. */
export function withConfigTables(readme: string): string {
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start < 0 || end < start) throw new Error(`the README has no ${CONFIG_START} … ${CONFIG_END} section`);
  return `${readme.slice(0, start + CONFIG_START.length)}\n${renderConfigTables()}\n${readme.slice(end)}`;
}
