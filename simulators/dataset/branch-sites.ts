import { PROVINCE_CODES, globalId, type HazmatEnterpriseRecord, type ProvinceCode, type WaybillRecord } from '../../schema/model';
import { cityShortName, phoneOf, recentlyUpdated, type GenContext } from './context';
import { chemicalsFor } from './hazmat';
import { enterpriseSourceId } from './legacy-ids';
import { BRANDS } from './places';
import type { Rng } from './prng';
import { safetyRecordFor } from './safety-record';
import { DAY, HOUR, floorTo, isoBeijing } from './time';
import type { CanonicalDataset } from './types';

/**
 * Sites that a province's system lists under a credit code registered elsewhere: branch sites,
 * warehouses and plants of companies registered in another province of the region (or outside
 * it). Per site province: one company registered in each other province with its only site there,
 * and one branch of another province's enterprise, older than the parent's record; per registering
 * province, one company with sites in two other provinces; two companies registered outside the
 * region. Each site is the destination of a waybill, so cross-shard references reach it.
 */

/**
 * Branch sites per site province, whatever the scale: one per other registering province, one
 * branch of an enterprise, two of the companies with two sites, and SH none of the outside ones.
 */
export const BRANCH_SITES: Readonly<Record<ProvinceCode, number>> = { SH: 6, JS: 7, ZJ: 7, AH: 7 };

/** Registering authorities outside the region: Jinan Lixia (Shandong) and Zhengzhou Jinshui (Henan). */
const OUTSIDE_AUTHORITIES = [
  { adcode: '370102', short: '济南' },
  { adcode: '410105', short: '郑州' },
] as const;

interface Company {
  creditCode: string;
  name: string;
}

const next = (p: ProvinceCode, by = 1): ProvinceCode => PROVINCE_CODES[(PROVINCE_CODES.indexOf(p) + by) % PROVINCE_CODES.length];

class BranchSites {
  private readonly serials = new Map<ProvinceCode, number>();
  private readonly codes: Set<string>;
  readonly added: HazmatEnterpriseRecord[] = [];
  private readonly safety: Rng;

  constructor(
    private readonly rng: Rng,
    private readonly ctx: GenContext,
    private readonly dataset: CanonicalDataset,
  ) {
    this.safety = rng.fork('safety-record');
    this.codes = new Set(dataset.enterprises.map((e) => e.creditCode));
    for (const p of PROVINCE_CODES) {
      const ids = [...dataset.enterprises.filter((e) => e.province === p), ...dataset.bad.filter((b) => b.province === p && b.collection === 'enterprises').map((b) => b.record)];
      this.serials.set(p, Math.max(0, ...ids.map((e) => Number(e.sourceId.replace(/\D/g, '')))));
    }
  }

  companyIn(province: ProvinceCode): Company {
    const county = this.rng.pick(this.ctx.geo.counties(province));
    return this.company(county.adcode, cityShortName(this.ctx.geo, county.cityCode));
  }

  company(authority: string, short: string): Company {
    const creditCode = this.ctx.credit.issue(this.rng, authority, 'enterprise');
    this.codes.add(creditCode);
    return { creditCode, name: `${short}${this.rng.pick(BRANDS)}化工有限公司` };
  }

  /** A site of the company in `province`, at a waybill destination there that was no enterprise of the data set. */
  site(company: Company, province: ProvinceCode, updatedAt: number): HazmatEnterpriseRecord {
    const { geo } = this.ctx;
    const waybill = this.destinationIn(province);
    const county = waybill?.destination.divisionCode ?? this.rng.pick(geo.counties(province)).adcode;
    const city = geo.division(county).cityCode;
    const serial = (this.serials.get(province) ?? 0) + 1;
    this.serials.set(province, serial);
    const sourceId = enterpriseSourceId(province, serial);
    const base = {
      id: globalId(province, 'HazmatEnterprise', sourceId),
      province,
      sourceId,
      creditCode: company.creditCode,
      name: `${company.name}${cityShortName(geo, city)}分公司`,
      divisionCode: county,
      location: geo.division(county).centre,
      majorHazardGrade: this.rng.weighted([[null, 60], ['GRADE_3', 25], ['GRADE_4', 15]] as const),
      chemicals: chemicalsFor(this.rng, 'depot'),
      contactPhone: phoneOf(this.rng, city),
      updatedAt: isoBeijing(floorTo(updatedAt, 1000)),
    };
    const record: HazmatEnterpriseRecord = { ...base, ...safetyRecordFor(this.safety, this.ctx.now, base, null) };
    if (waybill) waybill.destination = { name: record.name, creditCode: record.creditCode, divisionCode: county };
    this.added.push(record);
    return record;
  }

  private destinationIn(province: ProvinceCode): WaybillRecord | null {
    const candidates = this.dataset.waybills.filter((w) => {
      const d = w.destination;
      return d.creditCode !== null && d.divisionCode !== null && geoProvince(this.ctx, d.divisionCode) === province && !this.codes.has(d.creditCode);
    });
    return candidates.length > 0 ? this.rng.pick(candidates) : null;
  }

  recently(): number {
    return recentlyUpdated(this.rng, this.ctx.now);
  }
}

function geoProvince(ctx: GenContext, adcode: string): ProvinceCode | null {
  const division = ctx.geo.divisions.get(adcode);
  return division ? division.province : null;
}

/** Adds the branch sites to the data set's enterprises and points a waybill at each. */
export function addBranchSites(rng: Rng, ctx: GenContext, dataset: CanonicalDataset): void {
  const sites = new BranchSites(rng, ctx, dataset);
  for (const p of PROVINCE_CODES) {
    for (const q of PROVINCE_CODES) if (q !== p) sites.site(sites.companyIn(q), p, sites.recently());
    const parents = dataset.enterprises.filter((e) => e.province === next(p));
    const parent = rng.pick(parents);
    sites.site({ creditCode: parent.creditCode, name: parent.name }, p, Date.parse(parent.updatedAt) - rng.float(1, 20) * DAY);
  }
  for (const q of PROVINCE_CODES) {
    const company = sites.companyIn(q);
    const newer = sites.recently();
    sites.site(company, next(q), newer);
    sites.site(company, next(q, 2), newer - rng.float(1, 48) * HOUR);
  }
  const [shandong, henan] = OUTSIDE_AUTHORITIES.map((a) => sites.company(a.adcode, a.short));
  const newer = sites.recently();
  sites.site(shandong, 'JS', newer);
  sites.site(shandong, 'AH', newer - rng.float(1, 48) * HOUR);
  sites.site(henan, 'ZJ', sites.recently());
  for (const record of sites.added) dataset.enterprises.push(record);
}
