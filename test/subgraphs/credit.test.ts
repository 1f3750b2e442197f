import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Clock } from '../../adapters/kit/clock';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { createCreditSimulator } from '../../simulators/credit';
import { loadDataset } from '../support/test-dataset';
import { CREDIT_SDL_SNAPSHOT } from '../../subgraphs/credit/print-sdl';
import { printCreditSdl } from '../../subgraphs/credit/schema';
import { loadCreditPlatform } from '../../schema/config/legacy-config';
import { startCreditSubgraph, type RunningCreditSubgraph } from '../../subgraphs/credit/server';
import { EVERY_ENTRY, mintToken, testVerifier } from '../support/tokens';

/** The credit subgraph on its own: status as of now in Beijing time, at the day boundary. */

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const boundary = dataset.sanctions.find((v) => v.subject === 'enterprise' && v.record.validUntil === '2026-07-12' && v.record.removedOn === null);

let sim: SimServer<'CR'>;
const running: RunningCreditSubgraph[] = [];

beforeAll(async () => {
  sim = createCreditSimulator({ dataset, clock: new SimClock(NOW), credentials: { user: 'demo-cr', password: 'demo-cr-password' }, quirks: { lateMs: 0, corruptFirstDownload: false } });
  await sim.listen(0);
});
afterAll(async () => {
  for (const r of running) await r.close();
  await sim.close();
});

async function statusAt(beijing: string): Promise<{ status: string; cacheControl: string | null }> {
  const subgraph = await startCreditSubgraph({ clock: Clock.startingAt(new Date(beijing)), platform: loadCreditPlatform({ LEGACY_CR_URL: sim.url }), auth: testVerifier() });
  running.push(subgraph);
  const res = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` },
    body: JSON.stringify({ query: 'query($c: ID!) { sanctionsOf(creditCode: $c) { id status validUntil } }', variables: { c: boundary?.record.creditCode.toLowerCase() } }),
  });
  const body = (await res.json()) as { data: { sanctionsOf: { id: string; status: string }[] } };
  return { status: body.data.sanctionsOf.find((s) => s.id === boundary?.record.id)?.status ?? 'missing', cacheControl: res.headers.get('cache-control') };
}

describe('the credit subgraph', () => {
  it('schema/snapshots/credit.graphql is the SDL the subgraph serves (rewrite: node dist/subgraphs/credit/print-sdl.js)', () => {
    expect(readFileSync(path.resolve(__dirname, '../..', CREDIT_SDL_SNAPSHOT), 'utf8')).toBe(`${printCreditSdl()}\n`);
  });

  it('holds a sanction in force until its validUntil, then EXPIRED from 00:00 Beijing time the next day', async () => {
    expect(boundary).toBeDefined();
    const before = await statusAt('2026-07-12T23:59:59+08:00');
    expect(before.status).toBe('IN_FORCE');
    // An answer holds no later than midnight, when statuses change.
    expect(before.cacheControl).toMatch(/^(no-store|max-age=[01], public)$/);
    const after = await statusAt('2026-07-13T00:00:00+08:00');
    expect(after.status).toBe('EXPIRED');
    expect(after.cacheControl).toMatch(/^max-age=\d\d, public$/);
  });
});
