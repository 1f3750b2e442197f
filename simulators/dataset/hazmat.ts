import {
  globalId, type ChemicalHolding, type GeoPoint, type HazmatEnterpriseRecord, type MajorHazardGrade, type ProvinceCode,
} from '../../schema/model';
import { authorityFor, cityShortName, phoneOf, recentlyUpdated, uniqueName, type GenContext } from './context';
import { enterpriseSourceId, Serial } from './legacy-ids';
import { BRANDS, CHEMICALS, PARKS, PROFILES, type Park, type ParkProfile } from './places';
import type { Rng } from './prng';
import { safetyRecordFor, unrecorded } from './safety-record';
import { siteInCounty } from './spatial';
import { isoBeijing } from './time';

/** Hazardous-chemical enterprises of one province, clustered in its chemical parks. */

export interface EnterprisesResult {
  records: HazmatEnterpriseRecord[];
  /** Valid records that the province holds with a defect. */
  spares: HazmatEnterpriseRecord[];
}

const SUFFIXES = [['有限公司', 70], ['股份有限公司', 20], ['有限责任公司', 10]] as const;

function tonnes(rng: Rng, [min, max]: readonly [number, number]): number {
  const t = Math.exp(rng.float(Math.log(min), Math.log(max)));
  const decimals = rng.weighted([[0, 40], [1, 30], [3, 30]] as const);
  const f = 10 ** decimals;
  return Math.max(1 / f, Math.round(t * f) / f);
}

export function chemicalsFor(rng: Rng, profile: ParkProfile): ChemicalHolding[] {
  const weights = PROFILES[profile].chemicals;
  const n = Math.min(weights.length, rng.weighted([[1, 30], [2, 35], [3, 25], [4, 10]] as const));
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(rng.weighted(weights));
  return [...chosen].map((un) => {
    const c = CHEMICALS[un];
    return unrecorded({ unNumber: un, name: c.name, hazardClass: c.hazardClass, tonnes: tonnes(rng, c.stockTonnes) });
  });
}

interface Site {
  county: string;
  location: GeoPoint | null;
  profile: ParkProfile;
  park: Park | null;
}

function siteFor(rng: Rng, ctx: GenContext, province: ProvinceCode): Site {
  const { geo } = ctx;
  if (rng.chance(0.88)) {
    const park = rng.weighted(PARKS[province].map((p) => [p, p.weight] as const));
    const location = siteInCounty(rng, geo, park.county, park.centre, park.radiusKm);
    return { county: park.county, location, profile: rng.pick(park.profiles), park };
  }
  for (;;) {
    const county = rng.pick(geo.counties(province));
    const location = siteInCounty(rng, geo, county.adcode, county.centre, 6);
    if (location) return { county: county.adcode, location, profile: rng.pick(['depot', 'gases', 'fine'] as const), park: null };
  }
}

const GRADES: readonly (readonly [MajorHazardGrade | null, number])[] = [[null, 35], ['GRADE_1', 5], ['GRADE_2', 15], ['GRADE_3', 25], ['GRADE_4', 20]];

export function generateEnterprises(rng: Rng, ctx: GenContext, province: ProvinceCode, count: number, spareCount: number): EnterprisesResult {
  const { geo } = ctx;
  const names = new Set<string>();
  const serial = new Serial(rng.int(0, 150));
  const spareAt = new Set(rng.sample([...Array(count + spareCount).keys()], spareCount));
  const records: HazmatEnterpriseRecord[] = [];
  const spares: HazmatEnterpriseRecord[] = [];
  const safety = rng.fork('safety-record');

  for (let i = 0; i < count + spareCount; i++) {
    const site = siteFor(rng, ctx, province);
    const city = geo.division(site.county).cityCode;
    const industry = rng.pick(PROFILES[site.profile].industries);
    const name = uniqueName(names, () => {
      const prefix = site.park && rng.chance(0.4) ? site.park.short : cityShortName(geo, city);
      return `${prefix}${rng.pick(BRANDS)}${industry}${rng.weighted(SUFFIXES)}`;
    });
    const sourceId = enterpriseSourceId(province, serial.next(rng));
    const base = {
      id: globalId(province, 'HazmatEnterprise', sourceId),
      province,
      sourceId,
      creditCode: ctx.credit.issue(rng, authorityFor(rng, geo, site.county), 'enterprise'),
      name,
      divisionCode: site.county,
      location: rng.chance(0.04) ? null : site.location,
      majorHazardGrade: rng.weighted(GRADES),
      chemicals: chemicalsFor(rng, site.profile),
      contactPhone: rng.chance(0.03) ? null : phoneOf(rng, city),
      updatedAt: isoBeijing(recentlyUpdated(rng, ctx.now)),
    };
    const record: HazmatEnterpriseRecord = { ...base, ...safetyRecordFor(safety, ctx.now, base, site.park?.name ?? null) };
    (spareAt.has(i) ? spares : records).push(record);
  }
  return { records, spares };
}
