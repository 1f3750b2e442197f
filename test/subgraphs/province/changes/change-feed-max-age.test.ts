import { DEFAULT_JWT_ISSUER } from '../../../../schema/caller';
import { toBeijingIso } from '../../../../adapters/kit/beijing-time';
import { CHANGE_FEED_PATH, type ChangeFeedPage, type WarningChangeEntry } from '../../../../schema/push/feed';
import { signServiceToken } from '../../../../schema/service-token';
import { testDataset } from '../../../fixtures/dataset-adapter';
import { TEST_JWT_SECRET } from '../../../support/tokens';
import { startHarness, type Harness } from '../harness';

/**
 * CHANGE_FEED_MAX_AGE_MS: the change feed reads the warnings' copy at most that old, so a change is
 * detected within it rather than within the copy's maximum age; queries keep the maximum age, and
 * the feed's readers (however many) share one incremental pull per period.
 */
const P = 'SH';
const warnings = testDataset().warnings.filter((w) => w.province === P);

describe('a change feed with a maximum age shorter than its copy', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(P, { warnings: 5_000 }, { changeFeedMaxAgeMs: 1_000 });
  });
  afterEach(() => h.close());

  const page = async (after: string): Promise<ChangeFeedPage<WarningChangeEntry>> => {
    const authorization = `Bearer ${await signServiceToken({ secret: TEST_JWT_SECRET, issuer: DEFAULT_JWT_ISSUER, clockToleranceSec: 5 })}`;
    const res = await fetch(`${new URL(CHANGE_FEED_PATH, h.subgraph.url)}?after=${encodeURIComponent(after)}`, { headers: { authorization } });
    expect(res.status).toBe(200);
    return (await res.json()) as ChangeFeedPage<WarningChangeEntry>;
  };

  it('re-syncs for the feed once the copy is older than the feed\'s maximum age, while a query still serves the copy until its own', async () => {
    await h.query('{ warnings(first: 1) { totalCount } }');
    const start = await page('now');
    const newest = Math.max(...warnings.map((w) => Date.parse(w.updatedAt)));
    const changed = { ...warnings[0], headline: '更新后的标题', updatedAt: toBeijingIso(new Date(newest + 60_000)) };
    h.adapter.upsert('warnings', changed);
    h.adapter.resetCalls();
    h.clock.advance(1_000);

    await h.query('{ warnings(first: 1) { totalCount } }');
    expect(h.adapter.callCount()).toBe(0);
    const after = `${start.epoch}:${start.seq}`;
    const [one, two] = await Promise.all([page(after), page(after)]);
    expect(one.entries.map((e) => [e.warningId, e.kind])).toEqual([[changed.id, 'UPDATED']]);
    expect(two.entries).toEqual(one.entries);
    // One incremental pull, shared by both readers; within the period no more.
    expect(h.adapter.calls).toEqual({ 'pull warnings': 1 });
    h.clock.advance(500);
    await page(after);
    expect(h.adapter.calls).toEqual({ 'pull warnings': 1 });
  });
});
