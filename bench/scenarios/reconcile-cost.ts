import type { Collection } from '../../adapters/kit/province-adapter';
import { PROVINCE_CODES } from '../../schema/model';
import { DEFAULT_MAX_AGES } from '../../subgraphs/province/province-data';
import { DEFAULT_RECONCILE } from '../../subgraphs/province/reconcile-config';
import { startFederation } from '../../test/support/federation';
import type { ResultTable } from '../lib/table';

/**
 * Issue 26's target: the legacy calls that detecting deletions adds in an hour of normal traffic,
 * against the minimum pulls of that hour, at SIM_SCALE (1 by default). Normal traffic reads every
 * copy continuously, so each copy makes one incremental pull (one call) per maximum age. Each
 * collection is reconciled once against the simulators and its calls counted; an hour holds
 * 3600 s / interval of them. A reconciliation that pulled the collection in full refreshed the copy
 * in place of one of those incremental pulls, so its extra cost is its calls less one.
 */

const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
const HOUR_MS = 3600_000;

export async function reconcileCost(options: { scale: number }): Promise<ResultTable> {
  const fed = await startFederation({ scale: options.scale, legacyTimeoutMs: 10_000 });
  const rows: (string | number)[][] = [];
  let regionExtra = 0;
  let regionMinimum = 0;
  try {
    for (const p of PROVINCE_CODES) {
      let made = 0;
      let extra = 0;
      let minimum = 0;
      const steps: string[] = [];
      for (const c of COLLECTIONS) {
        await fed.provinces[p].data.replicas[c].read();
        fed.resetLegacyCalls();
        const step = await fed.provinces[p].reconciler.reconcile(c);
        const calls = Object.values(fed.legacyCalls()[p]).reduce((a, b) => a + b, 0);
        const perHour = HOUR_MS / DEFAULT_RECONCILE.intervalMs[c];
        made += calls * perHour;
        extra += (step === 'pulled' ? calls - 1 : calls) * perHour;
        minimum += HOUR_MS / DEFAULT_MAX_AGES[c];
        steps.push(`${c} ${step} ${calls}`);
        if (step !== 'counted' && step !== 'uncounted') continue;
        // However the counts match, a counted collection is pulled in full every fullPullEveryMs, an uncounted one every uncountedFullPullEveryMs, in place of one pull.
        const every = step === 'counted' ? DEFAULT_RECONCILE.fullPullEveryMs : DEFAULT_RECONCILE.uncountedFullPullEveryMs;
        fed.resetLegacyCalls();
        await fed.provinces[p].data.replicas[c].pullAll();
        const full = Object.values(fed.legacyCalls()[p]).reduce((a, b) => a + b, 0);
        const fullPerHour = HOUR_MS / every;
        made += full * fullPerHour;
        extra += (full - 1) * fullPerHour;
        steps.push(`${c} full pull every ${every / HOUR_MS} h ${full}`);
      }
      regionExtra += extra;
      regionMinimum += minimum;
      rows.push([p, steps.join(', '), round(made), round(extra), minimum, `${((100 * extra) / minimum).toFixed(2)} %`]);
    }
    rows.push(['region', '', '', round(regionExtra), regionMinimum, `${((100 * regionExtra) / regionMinimum).toFixed(2)} %`]);
    const burst = await worstBurst(fed);
    const share = (100 * regionExtra) / regionMinimum;
    return {
      name: 'reconcile-cost',
      title: `Detecting deletions: legacy calls an hour at scale ${options.scale} (default intervals)`,
      columns: ['province', 'one reconciliation: collection, step, calls', 'calls made an hour', 'extra calls an hour', 'minimum pulls an hour', 'extra / minimum'],
      rows,
      notes: [
        'extra: a whole pull (a collection that fits in one page, or Zhejiang without a total) replaces an incremental pull of the copy, so it costs its calls less one; a count costs its one call',
        'counted collections (and uncounted ones: Zhejiang reports no total) are pulled in full every 6 h however the counts match: that pull, less the incremental pull it replaces, is counted; not counted: the full pull and keyed read a detected deletion adds',
        `Anhui's rate limit (5 requests a second): its four collections reconciled and pulled in full at the same moment, beside a reader of every copy: ${burst.calls} Anhui calls in ${burst.ms} ms, ${burst.refused} refused for the rate limit (target 0: ${burst.refused === 0 ? 'met' : 'NOT met'})`,
        `target: extra calls within 5 % of the minimum pulls of an hour: ${share.toFixed(2)} % (${share <= 5 ? 'met' : 'NOT met'})`,
      ],
    };
  } finally {
    await fed.close();
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * The worst a reconciliation can do to Anhui's rate limit: every collection reconciled and pulled
 * in full at the same moment (as if every timer fired at once), beside a reader of every copy.
 */
async function worstBurst(fed: Awaited<ReturnType<typeof startFederation>>): Promise<{ calls: number; ms: number; refused: number }> {
  const ah = fed.provinces.AH;
  fed.resetLegacyCalls();
  fed.sims.AH.rateLimited.reset();
  const started = Date.now();
  await Promise.all([
    ...COLLECTIONS.map((c) => ah.reconciler.reconcile(c)),
    ...COLLECTIONS.map((c) => ah.data.replicas[c].pullAll()),
    ...COLLECTIONS.map((c) => ah.data.replicas[c].read()),
  ]);
  const calls = Object.values(fed.legacyCalls().AH).reduce((a, b) => a + b, 0);
  return { calls, ms: Date.now() - started, refused: fed.sims.AH.rateLimited.total() };
}
