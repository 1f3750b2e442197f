import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { createCreditSimulator } from '../../simulators/credit';
import { CSV_HEADER } from '../../simulators/credit/render-csv';
import { loadDataset } from '../support/test-dataset';
import { snapshotCut } from '../../simulators/dataset/sanctions';

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const credentials = { user: 'demo-cr', password: 'demo-cr-password' };
const AUTH = `Basic ${Buffer.from('demo-cr:demo-cr-password').toString('base64')}`;
const BASE = '/credit/v1/aqsc';

interface Manifest {
  generatedAt: string;
  files: { name: string; kind: 'full' | 'delta'; after?: string; asOf: string; rows: number; sha256: string }[];
}

let clock: SimClock;
let sim: SimServer<'CR'>;
let base: string;

beforeEach(async () => {
  clock = new SimClock(NOW);
  sim = createCreditSimulator({ dataset, clock, credentials, quirks: { downloadMs: 50 } });
  base = await sim.listen(0);
});
afterEach(() => sim.close());

const get = (path: string, headers: Record<string, string> = { authorization: AUTH }): Promise<Response> => fetch(`${base}${path}`, { headers });
const manifest = async (): Promise<Manifest> => (await (await get(`${BASE}/manifest.json`)).json()) as Manifest;
const rowsOf = (gz: Buffer): string[][] => parse(gunzipSync(gz), { bom: true, relax_column_count: false }) as string[][];

describe('the credit platform simulator (legacy-apis/credit.md)', () => {
  it('refuses a wrong password with 401 and an empty body', async () => {
    const res = await get(`${BASE}/manifest.json`, { authorization: `Basic ${Buffer.from('demo-cr:wrong').toString('base64')}` });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });

  it('lists the latest snapshot (cut at 02:00 Beijing) and one delta per hour after it, with an ETag that answers 304', async () => {
    const res = await get(`${BASE}/manifest.json`);
    const body = (await res.json()) as Manifest;
    expect(body.files[0]).toMatchObject({ name: 'aqsc-full-20260712.csv.gz', kind: 'full', asOf: '2026-07-12T02:00:00+08:00' });
    expect(body.files.slice(1).map((f) => f.asOf.slice(11, 13))).toEqual(['03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
    expect(body.files[1]).toMatchObject({ kind: 'delta', after: '2026-07-12T02:00:00+08:00', name: 'aqsc-delta-2026071203.csv.gz' });
    const etag = res.headers.get('etag') as string;
    expect((await get(`${BASE}/manifest.json`, { authorization: AUTH, 'if-none-match': etag })).status).toBe(304);
    clock.advance(3600_000);
    expect((await get(`${BASE}/manifest.json`, { authorization: AUTH, 'if-none-match': etag })).status).toBe(200);
  });

  it('serves gzip CSV with a byte-order mark, the Chinese header, its listed row count and hash', async () => {
    const full = (await manifest()).files[0];
    const res = await get(`${BASE}/files/${full.name}`);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const gz = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(gz).digest('hex')).toBe(full.sha256);
    expect(gunzipSync(gz).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = rowsOf(gz);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.length - 1).toBe(full.rows);
    expect(full.rows).toBe(new Set(dataset.sanctions.filter((v) => v.publishedAt <= snapshotCut(NOW.getTime())).map((v) => v.record.decisionNumber)).size);
  });

  it('writes every quirk: four date forms, lower-case and padded codes, masked persons, wrong check characters, reasons with commas, quotes and line breaks', async () => {
    const full = (await manifest()).files[0];
    const rows = rowsOf(Buffer.from(await (await get(`${BASE}/files/${full.name}`)).arrayBuffer())).slice(1);
    const dates = rows.map((r) => r[6]);
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}\/\d{2}\/\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}\.\d{2}\.\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}年\d{2}月\d{2}日$/.test(d))).toBe(true);
    const codes = rows.map((r) => r[1]);
    expect(codes.some((c) => c !== c.trim())).toBe(true);
    expect(codes.some((c) => /[a-z]/.test(c))).toBe(true);
    expect(codes.some((c) => /^\d{4}\*{10}[\dX]{4}$/.test(c.trim()))).toBe(true);
    const invalid = new Set(dataset.sanctions.filter((v) => v.subject === 'invalid-code').map((v) => v.record.decisionNumber));
    expect(rows.some((r) => invalid.has(r[0]))).toBe(true);
    const reasons = rows.map((r) => r[7]);
    for (const c of [',', '"', '\n']) expect(reasons.some((t) => t.includes(c))).toBe(true);
    expect(rows.some((r) => r[5] === '00')).toBe(true);
    expect(rows.some((r) => r[10] === '已移出' && r[11] !== '')).toBe(true);
  });

  it('allows 2 concurrent downloads per client; a third gets 429 with Retry-After', async () => {
    const name = (await manifest()).files[0].name;
    const answers = await Promise.all([1, 2, 3].map(() => get(`${BASE}/files/${name}`)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    expect(answers.find((r) => r.status === 429)?.headers.get('retry-after')).toBe('1');
  });

  it('lists a delta before its file exists: 404 for up to a minute after its hour', async () => {
    const last = (await manifest()).files.at(-1) as Manifest['files'][number];
    expect(last.asOf).toBe('2026-07-12T12:00:00+08:00');
    expect((await get(`${BASE}/files/${last.name}`)).status).toBe(404);
    clock.advance(61_000);
    expect((await get(`${BASE}/files/${last.name}`)).status).toBe(200);
  });

  it('serves the first download of some deltas with content that does not match the listed sha256, the next one right', async () => {
    const file = (await manifest()).files.find((f) => f.asOf.slice(11, 13) === '09') as Manifest['files'][number];
    const hash = async (): Promise<string> => createHash('sha256').update(Buffer.from(await (await get(`${BASE}/files/${file.name}`)).arrayBuffer())).digest('hex');
    expect(await hash()).not.toBe(file.sha256);
    expect(await hash()).toBe(file.sha256);
  });
});
