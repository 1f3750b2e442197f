import { ERROR_CODES, type ErrorCode } from '../error-codes';
import type { GeneratedSection } from './readme-section';

function renderErrorCodeTable(): string {
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => `| \`${code}\` | ${ERROR_CODES[code].meaning} |`);
  return ['| code | meaning |', '| --- | --- |', ...rows].join('\n');
}

export const ERROR_CODE_TABLE: GeneratedSection = { start: '<!-- error-codes:start -->', end: '<!-- error-codes:end -->', render: renderErrorCodeTable };
