import { createHash } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import type { SimClock } from '../common/clock';
import { SimServer, type Route, type SimRequest, type SimResponse, type SimulatorSpec } from '../common/sim-server';
import type { CanonicalDataset } from '../dataset/types';
import { isoBeijing } from '../dataset/time';
import { FileCatalogue, type PlatformFile } from './catalogue';

/**
 * The region's credit platform (legacy-apis/credit.md): a manifest with an ETag and the gzip CSV
 * files it lists, behind HTTP Basic authentication, 2 downloads at once per client. Quirks, on by
 * default and set through POST /__sim/credit/quirks: a delta whose Beijing hour is a multiple of 3
 * answers 404 for `lateMs` after it is listed; the first download of a delta whose hour is 4 mod 5
 * (and every download of a file named in `corrupt`) does not match its sha256.
 */

export interface CreditQuirks {
  lateMs: number;
  corruptFirstDownload: boolean;
  corrupt: string[];
  /** How long one download takes (so that downloads overlap and the concurrency limit shows). */
  downloadMs: number;
}

export const DEFAULT_CREDIT_QUIRKS: CreditQuirks = { lateMs: 60_000, corruptFirstDownload: true, corrupt: [], downloadMs: 20 };
const MAX_DOWNLOADS = 2;
const BASE = '/credit/v1/aqsc';

export interface CreditSimulatorOptions {
  dataset: CanonicalDataset;
  clock: SimClock;
  credentials: { user: string; password: string };
  quirks?: Partial<CreditQuirks>;
}

const hourOf = (file: PlatformFile): number => Number(file.listing.asOf.slice(11, 13));

const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

/** The same CSV with one character of its last row changed: still gzip, no longer the listed hash. */
function corrupted(gzip: Buffer): Buffer {
  const text = gunzipSync(gzip).toString('utf8');
  const at = text.length - 3;
  return gzipSync(Buffer.from(`${text.slice(0, at)}${text[at] === '0' ? '1' : '0'}${text.slice(at + 1)}`, 'utf8'));
}

export function createCreditSimulator(options: CreditSimulatorOptions): SimServer<'CR'> {
  const { clock, credentials } = options;
  const catalogue = new FileCatalogue(options.dataset.sanctions);
  let quirks: CreditQuirks = { ...DEFAULT_CREDIT_QUIRKS, ...options.quirks };
  const downloaded = new Set<string>();
  const inFlight = new Map<string, number>();
  const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;

  const authorised = (req: SimRequest): boolean => req.headers.authorization === expected;
  const unauthorised: SimResponse = { status: 401, headers: { 'www-authenticate': 'Basic realm="credit"' }, body: '' };

  const manifest = (req: SimRequest): SimResponse => {
    if (!authorised(req)) return unauthorised;
    const files = catalogue.listedAt(clock.now().getTime());
    const listing = files.map((f) => f.listing);
    const etag = `"${createHash('sha256').update(JSON.stringify(listing)).digest('hex').slice(0, 32)}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag }, body: '' };
    const newest = files[files.length - 1].asOfMs;
    return json(200, { generatedAt: isoBeijing(newest + 5000), files: listing }, { etag });
  };

  const download = async (req: SimRequest): Promise<SimResponse> => {
    if (!authorised(req)) return unauthorised;
    const client = String(req.headers.authorization);
    const now = clock.now().getTime();
    const file = catalogue.listedAt(now).find((f) => f.listing.name === req.params.name);
    if (!file) return json(404, { error: 'no such file' });
    const late = file.listing.kind === 'delta' && hourOf(file) % 3 === 0 && now < file.asOfMs + quirks.lateMs;
    if (late) return json(404, { error: 'no such file' });
    const running = inFlight.get(client) ?? 0;
    if (running >= MAX_DOWNLOADS) return json(429, { error: 'too many concurrent downloads' }, { 'retry-after': '1' });
    inFlight.set(client, running + 1);
    try {
      await new Promise((r) => setTimeout(r, quirks.downloadMs));
    } finally {
      inFlight.set(client, (inFlight.get(client) ?? 1) - 1);
    }
    const name = file.listing.name;
    const firstCorrupt = quirks.corruptFirstDownload && file.listing.kind === 'delta' && hourOf(file) % 5 === 4 && !downloaded.has(name);
    downloaded.add(name);
    const body = firstCorrupt || quirks.corrupt.includes(name) ? corrupted(file.gzip) : file.gzip;
    return { status: 200, headers: { 'content-type': 'application/gzip' }, body };
  };

  const routes: Route[] = [
    { method: 'GET', pattern: `${BASE}/manifest.json`, handler: manifest },
    { method: 'GET', pattern: `${BASE}/files/:name`, handler: download },
  ];
  const adminRoutes: Route[] = [
    { method: 'GET', pattern: '/__sim/credit/quirks', handler: () => json(200, quirks) },
    {
      method: 'POST',
      pattern: '/__sim/credit/quirks',
      handler: (req) => {
        quirks = { ...quirks, ...(JSON.parse(req.body.toString('utf8') || '{}') as Partial<CreditQuirks>) };
        return json(200, quirks);
      },
    },
  ];
  const spec: SimulatorSpec<'CR'> = {
    province: 'CR',
    routes,
    adminRoutes,
    serverError: () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error' }),
    malformed: () => json(200, { generatedAt: '2026-', files: [{ name: 1 }] }),
    notFound: () => json(404, { error: 'not found' }),
  };
  return new SimServer(spec, clock);
}
