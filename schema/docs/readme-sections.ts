import { CATALOG_TABLE } from './catalog-table';
import { CONFIG_TABLES } from './config-tables';
import { ERROR_CODE_TABLE } from './error-code-table';
import type { GeneratedSection } from './readme-section';

/** The README's sections generated from code, in the order they stand there. */
export const README_SECTIONS: readonly GeneratedSection[] = [CATALOG_TABLE, CONFIG_TABLES, ERROR_CODE_TABLE];
