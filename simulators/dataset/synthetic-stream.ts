import { globalId, type HazmatEnterpriseRecord, type NodeTypeName, type ProvinceCode, type RescueBaseRecord, type WarningRecord, type WaybillRecord } from '../../schema/model';
import { PER_PROVINCE } from './generate';
import { loadDataset } from './index';
import { Rng } from './prng';
import { isoBeijing, MINUTE } from './time';

const NUMERIC = /^\d+$/;
/** A numeric id's round is appended in this many digits (Anhui's 11-digit warning ids stay within its 15). */
const ROUND_DIGITS = 4;

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
 * (the template's with the round appended: `-` and the round in base 36, or 4 more digits for a numeric id), contract id, and an updated time moved back by a seeded
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

  /** Record `i`'s updated time (ms), as `record(…, i).updatedAt` parses, without making the record. */
  updatedMs(collection: SyntheticCollection, province: ProvinceCode, i: number): number {
    const templates = this.templates[collection][province];
    const template = templates[i % templates.length];
    const round = Math.floor(i / templates.length);
    const at = Date.parse(template.updatedAt);
    return round === 0 ? at : Date.parse(isoBeijing(at - this.back(collection, province, i, round)));
  }

  /** Record `i`'s source id, without making the record: numeric ids (Anhui's warnings) stay numeric. */
  sourceId(collection: SyntheticCollection, province: ProvinceCode, i: number): string {
    const templates = this.templates[collection][province];
    const round = Math.floor(i / templates.length);
    const id = templates[i % templates.length].sourceId;
    if (round === 0) return id;
    return NUMERIC.test(id) ? `${id}${String(round).padStart(ROUND_DIGITS, '0')}` : `${id}-${round.toString(36)}`;
  }

  /** The index of the record with this source id, or -1 when the stream makes none. */
  indexOf(collection: SyntheticCollection, province: ProvinceCode, sourceId: string): number {
    const templates = this.templates[collection][province];
    const positions = this.positions(collection, province);
    const direct = positions.get(sourceId);
    if (direct !== undefined) return direct;
    const numeric = NUMERIC.test(sourceId);
    const cut = numeric ? sourceId.length - ROUND_DIGITS : sourceId.lastIndexOf('-');
    const at = cut <= 0 ? undefined : positions.get(sourceId.slice(0, cut));
    const round = at === undefined ? 0 : numeric ? Number(sourceId.slice(cut)) : parseInt(sourceId.slice(cut + 1), 36);
    if (at === undefined || !(round > 0) || this.sourceId(collection, province, round * templates.length + at) !== sourceId) return -1;
    const i = round * templates.length + at;
    return i < this.count(collection, province) ? i : -1;
  }

  private readonly templatePositions = new Map<string, Map<string, number>>();
  private positions(collection: SyntheticCollection, province: ProvinceCode): Map<string, number> {
    const key = `${collection}|${province}`;
    let found = this.templatePositions.get(key);
    if (!found) {
      found = new Map(this.templates[collection][province].map((t, i) => [t.sourceId, i]));
      this.templatePositions.set(key, found);
    }
    return found;
  }

  private back(collection: SyntheticCollection, province: ProvinceCode, i: number, round: number): number {
    const rng = new Rng(`yrd-synthetic|${this.options.seed}|${collection}|${province}|${i}`);
    return round * MINUTE + Math.floor(rng.next() * MINUTE);
  }

  /** Record `i` (0 ≤ i < count) of a province's collection, a new object each call. */
  record<C extends SyntheticCollection>(collection: C, province: ProvinceCode, i: number): SyntheticRecords[C] {
    const templates = this.templates[collection][province];
    const template = templates[i % templates.length];
    const copy = structuredClone(template) as SyntheticRecords[C] & { number?: string };
    const round = Math.floor(i / templates.length);
    if (round === 0) return copy;
    const sourceId = this.sourceId(collection, province, i);
    const back = this.back(collection, province, i, round);
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
