import { CATALOG_ENTRIES, CONDITIONAL_FIELDS } from '../sharing-catalog';
import type { GeneratedSection } from './readme-section';

function renderCatalogTable(): string {
  const rows = CATALOG_ENTRIES.map((entry) => {
    const fields = Object.entries(CONDITIONAL_FIELDS).filter(([, e]) => e === entry).map(([coordinate]) => `\`${coordinate}\``);
    return `| \`${entry}\` | ${fields.join(', ')} |`;
  });
  return ['| catalog entry | conditional fields |', '| --- | --- |', ...rows].join('\n');
}

export const CATALOG_TABLE: GeneratedSection = { start: '<!-- catalog:start -->', end: '<!-- catalog:end -->', render: renderCatalogTable };
