import { PROVINCE_CODES, type HazmatEnterpriseRecord, type ProvinceCode, type TrackPointRecord } from '../../schema/model';
import { assignDefects, spareCount, type SpareRecords } from './bad-records';
import { addBranchSites } from './branch-sites';
import type { GenContext } from './context';
import { CreditCodeRegistry } from './credit-code';
import { assignForceTypes } from './force-types';
import { loadGeography } from './geography';
import { generateEnterprises } from './hazmat';
import { generateMutualAid } from './mutual-aid';
import { Rng } from './prng';
import { scheduleDeletions } from './deletions';
import { generateBases } from './rescue';
import { generateSanctions } from './sanctions';
import { SHARED_ORGANISATIONS } from './rescue-catalogue';
import type { BadRecord, CanonicalDataset, DatasetOptions } from './types';
import { generateWarnings } from './warnings';
import { addTransportDetails } from './waybill-details';
import { generateWaybills, type EnterpriseIndex } from './waybills';

/** Records per province at scale 1. */
export const PER_PROVINCE = { warnings: 40, enterprises: 80, waybills: 120, bases: 25 } as const;

export class DatasetOptionsError extends Error {
  readonly code = 'DATASET_OPTIONS_INVALID';
}

function checkOptions(options: DatasetOptions): void {
  if (typeof options.seed !== 'string' || options.seed.length === 0) throw new DatasetOptionsError('dataset seed must be a non-empty string');
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new DatasetOptionsError('dataset now must be a valid Date');
  if (!Number.isInteger(options.scale) || options.scale < 1) throw new DatasetOptionsError(`dataset scale must be a positive integer, got ${String(options.scale)}`);
}

/** Push without spreading (a spread of a million points overflows the call stack). */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

const provinceOrder = (p: ProvinceCode): number => PROVINCE_CODES.indexOf(p);

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The legacy systems' list order (every time is written with +08:00, so text order is time order): by province, then updated time, then legacy id. */
function listOrder<T extends { province: ProvinceCode; updatedAt: string; sourceId: string }>(records: T[]): T[] {
  return records.sort(
    (a, b) =>
      provinceOrder(a.province) - provinceOrder(b.province) ||
      compareText(a.updatedAt, b.updatedAt) ||
      compareText(a.sourceId, b.sourceId),
  );
}

function byPlateThenTime(points: readonly TrackPointRecord[]): TrackPointRecord[] {
  const byPlate = new Map<string, TrackPointRecord[]>();
  for (const p of points) {
    const list = byPlate.get(p.plate);
    if (list) list.push(p);
    else byPlate.set(p.plate, [p]);
  }
  const out: TrackPointRecord[] = [];
  for (const plate of [...byPlate.keys()].sort(compareText)) {
    append(out, (byPlate.get(plate) as TrackPointRecord[]).sort((a, b) => compareText(a.at, b.at)));
  }
  return out;
}

/** A few records of each province and collection share their updated time with another, as batch edits do. */
function addTies<T extends { province: ProvinceCode; updatedAt: string }>(rng: Rng, records: readonly T[]): void {
  for (const p of PROVINCE_CODES) {
    const mine = records.filter((r) => r.province === p).sort((a, b) => compareText(a.updatedAt, b.updatedAt));
    if (mine.length < 2) continue;
    const ties = Math.max(1, Math.round(mine.length * 0.015));
    for (const i of rng.sample([...Array(mine.length - 1).keys()], ties)) mine[i].updatedAt = mine[i + 1].updatedAt;
  }
}

function indexByCity(ctx: GenContext, enterprises: readonly HazmatEnterpriseRecord[]): EnterpriseIndex {
  const index = new Map<string, HazmatEnterpriseRecord[]>();
  for (const e of enterprises) {
    const city = ctx.geo.division(e.divisionCode).cityCode;
    index.set(city, [...(index.get(city) ?? []), e]);
  }
  return index;
}

/** The canonical data set: the same (seed, now, scale) always gives the same records. */
export function generateDataset(options: DatasetOptions): CanonicalDataset {
  checkOptions(options);
  const ctx: GenContext = { geo: loadGeography(), now: options.now.getTime(), scale: options.scale, credit: new CreditCodeRegistry() };
  const root = new Rng(`yrd-dataset|${options.seed}|${options.scale}`);
  const n = (k: keyof typeof PER_PROVINCE): number => PER_PROVINCE[k] * options.scale;
  const noSpares = (): SpareRecords => ({ warnings: [], enterprises: [], waybills: [], bases: [] });
  const spares: Record<ProvinceCode, SpareRecords> = { SH: noSpares(), JS: noSpares(), ZJ: noSpares(), AH: noSpares() };

  const sharedRng = root.fork('shared-organisations');
  const sharedCodes = SHARED_ORGANISATIONS.map((org) => ctx.credit.issue(sharedRng, org.authority, org.kind));

  const dataset: CanonicalDataset = { options, warnings: [], enterprises: [], waybills: [], trackPoints: [], bases: [], mutualAidRequests: [], bad: [], sanctions: [], deletions: [] };
  for (const p of PROVINCE_CODES) {
    const r = generateEnterprises(root.fork(`enterprises/${p}`), ctx, p, n('enterprises'), spareCount(n('enterprises')));
    append(dataset.enterprises, r.records);
    spares[p].enterprises = r.spares;
  }
  const index = indexByCity(ctx, dataset.enterprises);
  const plates = new Set<string>();
  for (const p of PROVINCE_CODES) {
    const r = generateWaybills(root.fork(`waybills/${p}`), ctx, p, index, plates, n('waybills'), spareCount(n('waybills')));
    append(dataset.waybills, r.records);
    append(dataset.trackPoints, r.trackPoints);
    spares[p].waybills = r.spares;
  }
  for (const p of PROVINCE_CODES) {
    const r = generateWarnings(root.fork(`warnings/${p}`), p, ctx.geo, ctx.now, n('warnings'), spareCount(n('warnings')));
    append(dataset.warnings, r.records);
    spares[p].warnings = r.spares;
  }
  for (const p of PROVINCE_CODES) {
    const r = generateBases(root.fork(`bases/${p}`), ctx, p, n('bases'), spareCount(n('bases')), sharedCodes);
    append(dataset.bases, r.records);
    spares[p].bases = r.spares;
  }
  dataset.mutualAidRequests = generateMutualAid(root.fork('mutual-aid'), ctx.now, dataset.bases);
  dataset.bad = PROVINCE_CODES.flatMap((p): BadRecord[] => assignDefects(p, spares[p]));

  const ties = root.fork('ties');
  addTies(ties, dataset.warnings);
  addTies(ties, dataset.enterprises);
  addTies(ties, dataset.waybills);
  addTies(ties, dataset.bases);
  addBranchSites(root.fork('branch-sites'), ctx, dataset);
  assignForceTypes(root.fork('force-types'), ctx.now, [...dataset.bases, ...dataset.bad.flatMap((b) => (b.collection === 'bases' ? [b.record] : []))]);
  addTransportDetails(root.fork('transport-details'), ctx, dataset);
  listOrder(dataset.warnings);
  listOrder(dataset.enterprises);
  listOrder(dataset.waybills);
  listOrder(dataset.bases);
  dataset.trackPoints = byPlateThenTime(dataset.trackPoints);
  dataset.sanctions = generateSanctions(root.fork('sanctions'), ctx.now, dataset.enterprises, dataset.bases, options.scale);
  dataset.deletions = scheduleDeletions(root.fork('deletions'), dataset, ctx.now);
  return dataset;
}
