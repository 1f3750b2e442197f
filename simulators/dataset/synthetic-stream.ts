import { globalId, type HazmatEnterpriseRecord, type NodeTypeName, type ProvinceCode, type RescueBaseRecord, type WarningRecord, type WaybillRecord } from '../../schema/model';
import { PER_PROVINCE } from './generate';
import { loadDataset } from './index';
import { Rng } from './prng';
import { isoBeijing, MINUTE } from './time';

/** The collections a synthetic stream makes, and their records. */
export interface SyntheticRecords {
  warnings: WarningRecord;
  enterprises: HazmatEnterpriseRecord;
  waybills: WaybillRecord;
  bases: RescueBaseRecord;
}
export type SyntheticCollection = keyof SyntheticRecords;

const TYPE: { [C in SyntheticCollection]: NodeTypeName } = { warnings: 'Warning', enterprises: 'HazmatEnterprise', waybills: 'Waybill', bases: 'RescueBase' };

export interface SyntheticStreamOptions {
  seed: string;
  now: Date;
  /** Records per province and collection: PER_PROVINCE × scale, as the canonical data set at that scale. */
  scale: number;
}

/**
 * A data set too large to hold as a whole (issue 27's synthetic scale 1,000: 1.16 million records),
 * made page by page from a seed: record i of a province's collection is record i mod T of the
 * canonical data set at scale 1 (T of them), and each further round of T gets its own legacy id
 * (the template's with the round appended), contract id, and an updated time moved back by a seeded
 * few minutes per round, so that ids never repeat and the list order (updated time) interleaves
 * rounds. The same (seed, now, scale) gives the same records; only the scale-1 templates are held.
 * A stand-in for volume, not for realism: the records repeat the templates' contents, and the
 * references between collections (waybills' carriers, warnings' supersedes) point into round 0.
 */
export class SyntheticStream {
  private readonly templates: { [C in SyntheticCollection]: Record<ProvinceCode, readonly SyntheticRecords[C][]> };

  constructor(private readonly options: SyntheticStreamOptions) {
    const base = loadDataset({ seed: options.seed, now: options.now, scale: 1 });
    const byProvince = <R extends { province: ProvinceCode }>(list: readonly R[]): Record<ProvinceCode, readonly R[]> => {
      const of = (p: ProvinceCode): readonly R[] => list.filter((r) => r.province === p);
      return { SH: of('SH'), JS: of('JS'), ZJ: of('ZJ'), AH: of('AH') };
    };
    this.templates = { warnings: byProvince(base.warnings), enterprises: byProvince(base.enterprises), waybills: byProvince(base.waybills), bases: byProvince(base.bases) };
  }

  /** How many records a province's collection has. */
  count(collection: SyntheticCollection, province: ProvinceCode): number {
    return Math.max(this.templates[collection][province].length, PER_PROVINCE[collection] * this.options.scale);
  }

  /** Record `i` (0 ≤ i < count) of a province's collection, a new object each call. */
  record<C extends SyntheticCollection>(collection: C, province: ProvinceCode, i: number): SyntheticRecords[C] {
    const templates = this.templates[collection][province];
    const template = templates[i % templates.length];
    const copy = structuredClone(template) as SyntheticRecords[C] & { number?: string };
    const round = Math.floor(i / templates.length);
    if (round === 0) return copy;
    const sourceId = `${template.sourceId}-${round.toString(36)}`;
    const rng = new Rng(`yrd-synthetic|${this.options.seed}|${collection}|${province}|${i}`);
    const back = round * MINUTE + Math.floor(rng.next() * MINUTE);
    if (copy.number === template.sourceId) copy.number = sourceId;
    copy.sourceId = sourceId;
    copy.id = globalId(province, TYPE[collection], sourceId);
    copy.updatedAt = isoBeijing(Date.parse(template.updatedAt) - back);
    return copy;
  }

  /** The province's collection in pages of `size`, each made when asked for. */
  *pages<C extends SyntheticCollection>(collection: C, province: ProvinceCode, size: number): Generator<SyntheticRecords[C][]> {
    const total = this.count(collection, province);
    for (let start = 0; start < total; start += size) {
      const page: SyntheticRecords[C][] = [];
      for (let i = start; i < Math.min(total, start + size); i++) page.push(this.record(collection, province, i));
      yield page;
    }
  }
}
