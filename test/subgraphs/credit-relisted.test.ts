import { legacyKey } from '../../adapters/kit/cache/legacy-cache';
import { InProcessCache } from '../../schema/cache/in-process-cache';
import { loadCreditPlatform } from '../../schema/config/legacy-config';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { createCreditSimulator } from '../../simulators/credit';
import { loadDataset } from '../support/test-dataset';
import { RemovedRecords } from '../../subgraphs/province/removed-records';
import { startCreditSubgraph, type RunningCreditSubgraph } from '../../subgraphs/credit/server';
import { ManualClock } from '../support/manual-clock';
import { expectedSanctions } from '../support/oracle';
import { EVERY_ENTRY, mintToken, testVerifier } from '../support/tokens';

/**
 * Issue 26: a sanction the platform lists again after it was gone loses its tombstone, as a
 * province record re-created under its id does: it is in creditSanctions and no longer in
 * removedRecords. The shared cache holds the tombstones of an earlier copy (another replica, or
 * this one before a restart), so the first copy of the platform's data is what lists it again.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const held = expectedSanctions(dataset, NOW.getTime());

let sim: SimServer<'CR'>;
let credit: RunningCreditSubgraph;

beforeAll(async () => {
  sim = createCreditSimulator({ dataset, clock: new SimClock(NOW), credentials: { user: 'demo-cr', password: 'demo-cr-password' }, quirks: { lateMs: 0, corruptFirstDownload: false } });
  await sim.listen(0);
});
afterAll(async () => {
  await credit?.close();
  await sim?.close();
});

it('a sanction listed again loses the tombstone it left, while a tombstone of one still gone stays', async () => {
  const cache = new InProcessCache();
  const clock = new ManualClock(NOW);
  const earlier = new RemovedRecords({ cache, key: legacyKey('CR', 'removed'), retentionMs: 7 * 24 * 3600_000, now: () => NOW.getTime() });
  const relisted = held[0].id;
  await earlier.add([
    { id: relisted, type: 'CreditSanction', source: 'CR', detectedAt: '2026-07-10T12:00:00+08:00' },
    { id: 'CreditSanction:CR:never-listed-again', type: 'CreditSanction', source: 'CR', detectedAt: '2026-07-10T12:00:00+08:00' },
  ]);
  credit = await startCreditSubgraph({ clock, cache, platform: loadCreditPlatform({ LEGACY_CR_URL: sim.url }), auth: testVerifier(), maxAgeMs: 1000 });
  const res = await fetch(credit.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(EVERY_ENTRY)}` },
    body: JSON.stringify({ query: '{ creditSanctions(first: 500) { edges { node { id } } } }' }),
  });
  const listed = ((await res.json()) as { data: { creditSanctions: { edges: { node: { id: string } }[] } } }).data.creditSanctions.edges.map((e) => e.node.id);
  expect(listed).toContain(relisted);
  expect((await credit.removed.since(new Date(0))).map((t) => t.id)).toEqual(['CreditSanction:CR:never-listed-again']);
});
