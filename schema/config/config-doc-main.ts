import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withConfigTables } from './config-doc';

/** `npm run config-doc`: writes the configuration tables into README.md between the config markers. */
const readmePath = path.resolve(__dirname, '../../../README.md');
writeFileSync(readmePath, withConfigTables(readFileSync(readmePath, 'utf8')));
console.log(`configuration tables written to ${readmePath}`);
