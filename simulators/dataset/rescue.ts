import {
  globalId, type BaseLevel, type MaterialStock, type ProvinceCode, type RescueBaseRecord, type RescueCapability, type RescueTeamRecord,
} from '../../schema/model';
import { authorityFor, cityShortName, phoneOf, recentlyUpdated, uniqueName, type GenContext } from './context';
import type { CreditCodeKind } from './credit-code';
import { PROVINCE_ADCODE, type Division } from './geography';
import { baseSourceId, Serial, teamSourceId } from './legacy-ids';
import { COASTAL_CITIES, PARKS, SOUTHERN_HILL_CITIES, TAIHU_CITIES } from './places';
import type { Rng } from './prng';
import {
  CAPABILITY_NAMES, GENERAL_MATERIALS, MATERIALS_BY_CAPABILITY, NAMED_BASES, SHARED_ORGANISATIONS, type MaterialFacts,
} from './rescue-catalogue';
import { siteInCounty } from './spatial';
import { isoBeijing } from './time';

/** Rescue bases of one province with their teams and materials. */

export interface BasesResult {
  records: RescueBaseRecord[];
  spares: RescueBaseRecord[];
}

interface BaseSpec {
  name: string;
  level: BaseLevel;
  county: string;
  near: { lng: number; lat: number } | null;
  capabilities: RescueCapability[];
  creditCode: string | null;
  /** Registering kind when a code is still to be issued. */
  credit: CreditCodeKind | null;
  spare: boolean;
}

const LEVEL_FACTOR: Record<BaseLevel, number> = { NATIONAL: 2.5, PROVINCIAL: 1.6, CITY: 1, COUNTY: 0.5 };
const TEAMS: Record<BaseLevel, readonly [number, number]> = { NATIONAL: [3, 5], PROVINCIAL: [2, 4], CITY: [1, 3], COUNTY: [1, 2] };
const MEMBERS: Record<BaseLevel, readonly [number, number]> = { NATIONAL: [60, 200], PROVINCIAL: [30, 120], CITY: [20, 80], COUNTY: [10, 50] };
const ORDINALS = ['一', '二', '三', '四', '五'];
const MINING_CITIES = ['340400', '340600', '320300'];

function capabilitiesFor(rng: Rng, county: Division): RescueCapability[] {
  const city = county.cityCode;
  const inList = (l: readonly string[]): boolean => l.includes(city);
  const hasPark = PARKS[county.province].some((p) => p.county === county.adcode);
  const weights: [RescueCapability, number][] = [
    ['HAZMAT', hasPark ? 6 : 1.5],
    ['WATER', inList(COASTAL_CITIES) || inList(TAIHU_CITIES) ? 3 : 1],
    ['FLOOD_CONTROL', inList(TAIHU_CITIES) ? 3 : 1],
    ['FOREST_FIRE', inList(SOUTHERN_HILL_CITIES) ? 4 : 0.2],
    ['MOUNTAIN', inList(SOUTHERN_HILL_CITIES) ? 2 : 0.1],
    ['MINE', inList(MINING_CITIES) ? 3 : 0],
    ['EARTHQUAKE', 1],
    ['AVIATION', 0.2],
  ];
  const n = rng.weighted([[1, 40], [2, 40], [3, 20]] as const);
  const chosen = new Set<RescueCapability>();
  while (chosen.size < n) chosen.add(rng.weighted(weights));
  return [...chosen];
}

function materialsFor(rng: Rng, capabilities: readonly RescueCapability[], level: BaseLevel): MaterialStock[] {
  const byCode = new Map<string, MaterialFacts>();
  for (const c of capabilities) {
    const list = MATERIALS_BY_CAPABILITY[c];
    for (const f of rng.sample(list, rng.int(Math.min(2, list.length), list.length))) byCode.set(f.code, f);
  }
  if (rng.chance(0.5)) for (const f of GENERAL_MATERIALS) byCode.set(f.code, f);
  return [...byCode.values()]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((f) => {
      const raw = rng.float(f.range[0], f.range[1]) * LEVEL_FACTOR[level];
      const quantity = f.decimal ? Math.max(0.5, Math.round(raw * 10) / 10) : Math.max(1, Math.round(raw));
      return { code: f.code, name: f.name, quantity, unit: f.unit };
    });
}

function themeOf(capabilities: readonly RescueCapability[]): string {
  return capabilities.length >= 3 ? '综合' : CAPABILITY_NAMES[capabilities[0]];
}

class BaseNamer {
  private readonly taken = new Set<string>();

  constructor(private readonly ctx: GenContext, private readonly province: ProvinceCode) {}

  reserve(name: string): void {
    this.taken.add(name);
  }

  name(level: BaseLevel, county: Division, capabilities: readonly RescueCapability[]): string {
    const { geo } = this.ctx;
    const theme = themeOf(capabilities);
    const provinceName = geo.division(PROVINCE_ADCODE[this.province]).name;
    const sh = this.province === 'SH';
    const make = (): string => {
      if (level === 'PROVINCIAL') return `${provinceName}${theme}应急救援${sh ? county.name : cityShortName(geo, county.cityCode)}基地`;
      if (level === 'CITY') return `${geo.division(county.cityCode).name}${theme}应急救援基地`;
      return sh ? `${county.name}${theme}应急救援站` : `${geo.division(county.cityCode).name}${county.name}${theme}应急救援队基地`;
    };
    return uniqueName(this.taken, make, (base, n) => `${base}（${n}号站）`, 1);
  }
}

function generatedSpec(rng: Rng, ctx: GenContext, province: ProvinceCode, namer: BaseNamer, spare: boolean): BaseSpec {
  const { geo } = ctx;
  const level: BaseLevel = province === 'SH'
    ? rng.weighted([['PROVINCIAL', 15], ['COUNTY', 85]] as const)
    : rng.weighted([['PROVINCIAL', 8], ['CITY', 40], ['COUNTY', 52]] as const);
  let county: Division;
  if (level === 'CITY') {
    const city = rng.pick(geo.cities(province));
    const counties = geo.countiesOfCity(city.adcode);
    county = counties.reduce((best, c) =>
      Math.hypot(c.centre.lng - city.centre.lng, c.centre.lat - city.centre.lat) < Math.hypot(best.centre.lng - city.centre.lng, best.centre.lat - city.centre.lat) ? c : best);
  } else {
    county = rng.pick(geo.counties(province));
  }
  const capabilities = capabilitiesFor(rng, county);
  const hasCode = spare || rng.chance(0.88);
  return {
    name: namer.name(level, county, capabilities),
    level,
    county: county.adcode,
    near: null,
    capabilities,
    creditCode: null,
    credit: hasCode ? rng.weighted([['public-institution', 55], ['enterprise', 25], ['social-organisation', 20]] as const) : null,
    spare,
  };
}

export function generateBases(
  rng: Rng,
  ctx: GenContext,
  province: ProvinceCode,
  count: number,
  spareCount: number,
  sharedCodes: readonly string[],
): BasesResult {
  const { geo } = ctx;
  const namer = new BaseNamer(ctx, province);
  const specs: BaseSpec[] = [];
  for (const b of NAMED_BASES[province]) {
    namer.reserve(b.name);
    specs.push({ ...b, near: b.near ?? null, capabilities: [...b.capabilities], creditCode: null, spare: false });
  }
  SHARED_ORGANISATIONS.forEach((org, i) => {
    for (const b of org.bases.filter((x) => x.province === province)) {
      namer.reserve(b.name);
      specs.push({ ...b, near: null, capabilities: [...org.capabilities], creditCode: sharedCodes[i], credit: null, spare: false });
    }
  });
  const generated = Math.max(0, count - specs.length);
  const spareAt = new Set(rng.sample([...Array(generated + spareCount).keys()], spareCount));
  for (let i = 0; i < generated + spareCount; i++) specs.push(generatedSpec(rng, ctx, province, namer, spareAt.has(i)));

  const baseSerial = new Serial(rng.int(0, 5));
  const teamSerial = new Serial(rng.int(0, 30));
  const records: RescueBaseRecord[] = [];
  const spares: RescueBaseRecord[] = [];
  for (const spec of specs) {
    const county = geo.division(spec.county);
    const sourceId = baseSourceId(province, baseSerial.next(rng));
    const location = spec.near === null && !spec.spare && rng.chance(0.04) ? null : siteInCounty(rng, geo, county.adcode, spec.near ?? county.centre, spec.near ? 1 : 3);
    const [tMin, tMax] = TEAMS[spec.level];
    const teams: RescueTeamRecord[] = Array.from({ length: rng.int(tMin, tMax) }, (_, k) => {
      const teamId = teamSourceId(province, teamSerial.next(rng));
      const specialty = rng.chance(0.08) ? null : spec.capabilities[k % spec.capabilities.length];
      const unit = spec.level === 'COUNTY' ? '分队' : '中队';
      return {
        id: globalId(province, 'RescueTeam', teamId),
        sourceId: teamId,
        name: `${spec.name.replace(/(基地|驻点|站)$/, '')}${specialty ? CAPABILITY_NAMES[specialty] : '综合'}${ORDINALS[k]}${unit}`,
        members: rng.int(MEMBERS[spec.level][0], MEMBERS[spec.level][1]),
        specialty,
      };
    });
    const record: RescueBaseRecord = {
      id: globalId(province, 'RescueBase', sourceId),
      province,
      sourceId,
      name: spec.name,
      level: spec.level,
      creditCode: spec.creditCode ?? (spec.credit ? ctx.credit.issue(rng, authorityFor(rng, geo, county.adcode), spec.credit) : null),
      divisionCode: county.adcode,
      location,
      capabilities: spec.capabilities,
      teams,
      materials: materialsFor(rng, spec.capabilities, spec.level),
      onDuty: rng.chance(0.85),
      dutyPhone: rng.chance(0.05) ? null : phoneOf(rng, county.cityCode),
      updatedAt: isoBeijing(recentlyUpdated(rng, ctx.now)),
    };
    (spec.spare ? spares : records).push(record);
  }
  return { records, spares };
}
