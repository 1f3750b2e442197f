import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { README_SECTIONS } from './readme-sections';
import { withSection } from './readme-section';

/** `npm run readme-tables`: writes the generated tables (configuration, error codes) into README.md. */
const readmePath = path.resolve(__dirname, '../../../README.md');
const readme = README_SECTIONS.reduce(withSection, readFileSync(readmePath, 'utf8'));
writeFileSync(readmePath, readme);
console.log(`${README_SECTIONS.length} generated sections written to ${readmePath}`);
