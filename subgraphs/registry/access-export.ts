import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerOrUnauthenticated, type CallerVerifier } from '../../schema/caller';
import { EXPORT_CONTENT_TYPES, exportLines, type ExportFormat } from '../../schema/access-log/export';
import { filteredRecords, type AccessRecordFilter } from '../../schema/access-log/search';
import type { SegmentedAccessLogStore } from '../../schema/access-log/store';
import { ErrorCodes } from '../../schema/error-codes';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { mayReadAccessLog } from '../../schema/sharing-catalog';

export const ACCESS_EXPORT_PATH = '/access-records';

const FILTER_KEYS = ['sub', 'role', 'province', 'entry', 'operationHash', 'from', 'to'] as const;

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** The filter from the query string, as accessRecords takes it; a message when a value is invalid. */
export function filterFromQuery(params: URLSearchParams): AccessRecordFilter | string {
  const filter: AccessRecordFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (!value) continue;
    if (key === 'province' && !(PROVINCE_CODES as readonly string[]).includes(value)) return `province must be one of ${PROVINCE_CODES.join(', ')}`;
    if ((key === 'from' || key === 'to') && Number.isNaN(Date.parse(value))) return `${key} must be a date-time`;
    if (key === 'province') filter.province = value as ProvinceCode;
    else filter[key] = value;
  }
  return filter;
}

async function stream(res: ServerResponse, lines: AsyncIterable<string>): Promise<void> {
  for await (const line of lines) {
    if (!res.write(line)) await once(res, 'drain');
  }
  res.end();
}

/**
 * GET /access-records.csv and /access-records.ndjson: the records the filter selects, oldest
 * first, written as they are read (never held whole); role `auditor` only.
 */
export function accessExportRoute(store: SegmentedAccessLogStore, verifier: CallerVerifier): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    const format = url.pathname.slice(ACCESS_EXPORT_PATH.length + 1) as ExportFormat;
    if (!url.pathname.startsWith(`${ACCESS_EXPORT_PATH}.`) || !(format in EXPORT_CONTENT_TYPES)) return false;
    if (req.method !== 'GET') {
      refuse(res, 405, ErrorCodes.BAD_USER_INPUT, 'GET only');
      return true;
    }
    const filter = filterFromQuery(url.searchParams);
    callerOrUnauthenticated(verifier, req.headers.authorization)
      .then((caller) => {
        if (!mayReadAccessLog(caller)) return refuse(res, 403, ErrorCodes.FORBIDDEN, 'the access log is readable by auditors only');
        if (typeof filter === 'string') return refuse(res, 400, ErrorCodes.BAD_USER_INPUT, filter);
        res.writeHead(200, { 'content-type': EXPORT_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="access-records.${format}"`, 'cache-control': 'no-store' });
        return stream(res, exportLines(filteredRecords(store.scan(), filter), format));
      })
      .catch(() => (res.headersSent ? res.destroy() : refuse(res, 401, ErrorCodes.UNAUTHENTICATED, 'the bearer token is not valid')));
    return true;
  };
}
