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
      }
      regionExtra += extra;
      regionMinimum += minimum;
      rows.push([p, steps.join(', '), made, extra, minimum, `${((100 * extra) / minimum).toFixed(2)} %`]);
    }
    rows.push(['region', '', '', regionExtra, regionMinimum, `${((100 * regionExtra) / regionMinimum).toFixed(2)} %`]);
    return {
      name: 'reconcile-cost',
      title: `Detecting deletions: legacy calls an hour at scale ${options.scale} (default intervals)`,
      columns: ['province', 'one reconciliation: collection, step, calls', 'calls made an hour', 'extra calls an hour', 'minimum pulls an hour', 'extra / minimum'],
      rows,
      notes: [
        'extra: a whole pull (a collection that fits in one page, or Zhejiang without a total) replaces an incremental pull of the copy, so it costs its calls less one; a count costs its one call',
        'not counted: the full pull of counted collections every 6 h (Anhui at scale 1: 5 pages in place of 2 pulls, under 1 call an hour) and the pull and keyed read a detected deletion adds',
        "Anhui's reconciliations go through its adapter's rate limit (5 a second) and make a handful of calls a minute",
      ],
    };
  } finally {
    await fed.close();
  }
}
