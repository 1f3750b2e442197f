import { globalId, type ProvinceCode, type WarningEvent, type WarningLevel, type WarningMessageType, type WarningRecord } from '../../schema/model';
import type { Division, Geography } from './geography';
import { PROVINCE_ADCODE } from './geography';
import { DailySerials, warningSourceId } from './legacy-ids';
import { ANQING_HILL_COUNTIES, PARKS } from './places';
import type { Rng } from './prng';
import { beijingDate, DAY, floorTo, HOUR, isoBeijing, MINUTE } from './time';
import { describe, EVENT_LEVELS, EVENT_NAMES, instructionFor, LEVEL_COLOURS } from './warning-texts';
import { cityWeight, eventWeights, METEOROLOGICAL } from './warning-weights';

/**
 * Warnings of one province: chains of an ALERT and its UPDATEs and CANCEL, placed around `now`
 * so that no effective, expiry or issue time lies within 3 hours of it (whether a warning is in
 * force cannot change while a test runs).
 */

export const ACTIVE_GUARD_MS = 3 * HOUR;

interface Issuer {
  name: string;
  /** The city for the warning id (Zhejiang) and the texts; the province adcode for provincial issuers. */
  city: string;
  placeName: string;
  areaCodes: string[];
  park?: string;
}

interface Draft {
  chain: number;
  event: WarningEvent;
  level: WarningLevel;
  messageType: WarningMessageType;
  ref: Draft | null;
  issuer: Issuer;
  issuedAt: number;
  effectiveAt: number;
  expiresAt: number | null;
  updatedAt: number;
  headline: string;
  description: string;
  instruction: string | null;
  spare: boolean;
  sourceId?: string;
}

type ChainShape = 'A' | 'AU' | 'AUU' | 'AC' | 'AUC';
type FinalState = 'active' | 'expired' | 'pending';

const joinNames = (ds: readonly Division[]): string => ds.map((d) => d.name).join('、');

class WarningPlanner {
  private readonly provinceName: string;
  private readonly cities: Division[];

  constructor(
    private readonly rng: Rng,
    private readonly province: ProvinceCode,
    private readonly geo: Geography,
    private readonly now: number,
  ) {
    this.provinceName = geo.division(PROVINCE_ADCODE[province]).name;
    this.cities = province === 'SH' ? [geo.division('310000')] : [...geo.cities(province)];
  }

  private countiesOf(city: string): readonly Division[] {
    return this.province === 'SH' ? this.geo.counties('SH') : this.geo.countiesOfCity(city);
  }

  private issuerName(event: WarningEvent, cityName: string): string {
    const sh = this.province === 'SH';
    if (METEOROLOGICAL.includes(event)) return sh ? '上海中心气象台' : `${cityName}气象台`;
    switch (event) {
      case 'FLOOD': return sh ? '上海市水务局' : `${cityName}水利局`;
      case 'FLASH_FLOOD': return `${cityName}水利局`;
      case 'URBAN_WATERLOGGING': return sh ? '上海市水务局' : `${cityName}城市管理局`;
      case 'GEOLOGICAL_HAZARD': return sh ? '上海市规划和自然资源局' : `${cityName}自然资源和规划局`;
      case 'FOREST_FIRE': return sh ? '上海市林业局' : `${cityName}林业局`;
      case 'EARTHQUAKE': return `${this.provinceName}地震局`;
      case 'STORM_SURGE': return sh ? '上海市海洋局' : `${this.provinceName}海洋监测预报中心`;
      default: return sh ? '上海市应急管理局' : `${cityName}应急管理局`;
    }
  }

  /** Event, issuer and areas of a new chain. */
  private subject(): { event: WarningEvent; issuer: Issuer } {
    const rng = this.rng;
    const city = rng.weighted(this.cities.map((c) => [c, cityWeight(c.adcode)] as const));
    const cityParks = PARKS[this.province].filter((p) => this.geo.division(p.county).cityCode === city.adcode);
    const event = rng.weighted(eventWeights(city.adcode, cityParks.length > 0));
    const counties = this.countiesOf(city.adcode);
    const cityName = city.name;

    if (event === 'HAZMAT_INCIDENT') {
      const park = rng.pick(cityParks);
      const county = this.geo.division(park.county);
      return { event, issuer: { name: this.issuerName(event, cityName), city: city.adcode, placeName: county.name, areaCodes: [county.adcode], park: park.name } };
    }
    if (event === 'FOREST_FIRE' && city.adcode === '340800') {
      const hills = rng.sample(ANQING_HILL_COUNTIES, rng.int(1, 4)).sort();
      return { event, issuer: { name: this.issuerName(event, cityName), city: city.adcode, placeName: joinNames(hills.map((c) => this.geo.division(c))), areaCodes: hills } };
    }
    if ((event === 'EARTHQUAKE' || event === 'STORM_SURGE') && this.province !== 'SH') {
      const chosen = counties.length > 0 ? rng.sample(counties, rng.int(1, 3)) : [];
      return { event, issuer: { name: this.issuerName(event, cityName), city: PROVINCE_ADCODE[this.province], placeName: cityName, areaCodes: chosen.map((c) => c.adcode).sort() } };
    }
    if (this.province !== 'SH' && METEOROLOGICAL.includes(event) && rng.chance(0.1)) {
      const alike = this.cities.filter((c) => c.adcode === city.adcode || (eventWeights(c.adcode, false).find(([e]) => e === event)?.[1] ?? 0) >= 1);
      const others = [city, ...rng.sample(alike.filter((c) => c.adcode !== city.adcode), rng.int(1, 2))];
      const areas = others.flatMap((c) => rng.sample(this.countiesOf(c.adcode), rng.int(1, 3)));
      return {
        event,
        issuer: { name: `${this.provinceName}气象台`, city: PROVINCE_ADCODE[this.province], placeName: joinNames(others), areaCodes: areas.map((a) => a.adcode).sort() },
      };
    }
    if (this.province === 'JS' && rng.chance(0.2)) {
      return { event, issuer: { name: this.issuerName(event, cityName), city: city.adcode, placeName: cityName, areaCodes: [city.adcode] } };
    }
    const whole = rng.chance(0.25);
    const chosen = whole ? [...counties] : rng.sample(counties, rng.int(1, Math.min(4, counties.length)));
    return {
      event,
      issuer: { name: this.issuerName(event, cityName), city: city.adcode, placeName: whole ? cityName : joinNames(chosen), areaCodes: chosen.map((c) => c.adcode).sort() },
    };
  }

  private headline(d: Pick<Draft, 'event' | 'level' | 'messageType' | 'issuer'>): string {
    const signal = `${EVENT_NAMES[d.event]}${LEVEL_COLOURS[d.level]}预警`;
    const who = this.province === 'SH' || d.issuer.city === PROVINCE_ADCODE[this.province] ? d.issuer.name : this.geo.division(d.issuer.city).name;
    if (d.messageType === 'CANCEL') return `${who}解除${signal}`;
    if (d.messageType === 'UPDATE') return `${who}${signal}（更新）`;
    return `${who}${signal}`;
  }

  /** A time that is whole minutes and not within the guard of now. */
  private fits(t: number | null): boolean {
    return t === null || (t % MINUTE === 0 && Math.abs(t - this.now) >= ACTIVE_GUARD_MS + MINUTE);
  }

  private minute(t: number): number {
    return floorTo(t, MINUTE);
  }

  /** Issue, effective and expiry times of each message of a chain, in the final state asked. */
  private times(shape: ChainShape, state: FinalState): { issued: number; effective: number; expires: number | null }[] | null {
    const r = this.rng;
    const now = this.now;
    const lead = (): number => r.pick([0, 0, 0, 10, 30, 60]) * MINUTE;
    const n = shape.length;
    const cancels = shape.endsWith('C');
    const out: { issued: number; effective: number; expires: number | null }[] = [];

    let start: number;
    if (cancels || state === 'expired') start = now - r.float(1.5 * DAY, 30 * DAY);
    else if (state === 'pending') start = now - r.float(4 * HOUR, 20 * HOUR);
    else start = now - r.float(n * 5 * HOUR, n * 5 * HOUR + 36 * HOUR);

    let issued = this.minute(start);
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const kind = shape[i];
      if (kind === 'C') {
        out.push({ issued, effective: issued, expires: issued + r.pick([1, 2]) * HOUR });
        break;
      }
      let effective = issued + lead();
      if (last && state === 'pending') effective = this.minute(now + r.float(4 * HOUR, 18 * HOUR));
      const next = last ? null : issued + this.minute(r.float(2 * HOUR, 10 * HOUR));
      let expires: number | null;
      if (next !== null) {
        expires = next + this.minute(r.float(2 * HOUR, 30 * HOUR));
      } else if (state === 'expired') {
        expires = Math.min(effective + this.minute(r.float(6 * HOUR, 48 * HOUR)), this.minute(now - ACTIVE_GUARD_MS - r.float(2 * MINUTE, 6 * HOUR)));
      } else {
        expires = r.chance(0.12) ? null : this.minute(Math.max(effective, now) + r.float(4 * HOUR, 48 * HOUR));
      }
      out.push({ issued, effective, expires });
      if (next !== null) issued = next;
    }
    const ok = out.every((m, i) =>
      this.fits(m.issued) && this.fits(m.effective) && this.fits(m.expires) && m.issued <= m.effective && m.issued < this.now &&
      (m.expires === null || m.effective < m.expires) && (i === 0 || m.issued > out[i - 1].issued) &&
      (i === 0 || out[i - 1].expires === null || m.issued < (out[i - 1].expires as number)));
    if (!ok) return null;
    if (state === 'active') {
      const final = out[n - 1];
      if (!(final.effective < now && (final.expires === null || final.expires > now))) return null;
    }
    return out;
  }

  private nextLevel(event: WarningEvent, level: WarningLevel): WarningLevel {
    const levels = EVENT_LEVELS[event];
    const i = levels.indexOf(level);
    const up = this.rng.chance(0.65);
    const j = up ? Math.min(i + 1, levels.length - 1) : Math.max(i - 1, 0);
    return levels[j];
  }

  chain(chainNo: number, shape: ChainShape, spare: boolean): Draft[] {
    const rng = this.rng;
    const state: FinalState = rng.weighted([['active', 45], ['expired', 45], ['pending', 10]] as const);
    let times = this.times(shape, state);
    for (let attempt = 0; times === null; attempt++) times = this.times(shape, attempt < 40 ? state : 'expired');

    const { event, issuer } = this.subject();
    const levels = EVENT_LEVELS[event];
    let level = rng.weighted(levels.map((l) => [l, { BLUE: 30, YELLOW: 35, ORANGE: 25, RED: 10 }[l]] as const));
    const drafts: Draft[] = [];
    for (let i = 0; i < times.length; i++) {
      const messageType: WarningMessageType = i === 0 ? 'ALERT' : shape[i] === 'C' ? 'CANCEL' : 'UPDATE';
      const before = level;
      if (messageType === 'UPDATE') level = this.nextLevel(event, level);
      const t = times[i];
      const base = { event, level, messageType, issuer };
      const place = issuer.placeName;
      const description =
        messageType === 'CANCEL'
          ? `${issuer.name}解除${place}${EVENT_NAMES[event]}${LEVEL_COLOURS[level]}预警，相关地区${EVENT_NAMES[event]}影响已基本结束。`
          : describe(rng, event, place, issuer.park) + (messageType !== 'UPDATE' ? '' : level === before ? '预警信号继续维持，有效时间调整。' : `现将预警级别调整为${LEVEL_COLOURS[level]}。`);
      drafts.push({
        ...base,
        chain: chainNo,
        ref: i === 0 ? null : drafts[i - 1],
        issuedAt: t.issued,
        effectiveAt: t.effective,
        expiresAt: t.expires,
        updatedAt: Math.min(t.issued + rng.int(5, 180) * 1000, this.now),
        headline: this.headline(base),
        description,
        instruction: messageType === 'CANCEL' || rng.chance(0.05) ? null : instructionFor(event),
        spare,
      });
    }
    return drafts;
  }
}

export interface WarningsResult {
  records: WarningRecord[];
  /** Lone alerts that nothing refers to: valid records for the province to hold with a defect. */
  spares: WarningRecord[];
}

export function generateWarnings(rng: Rng, province: ProvinceCode, geo: Geography, now: number, count: number, spareCount: number): WarningsResult {
  const planner = new WarningPlanner(rng, province, geo, now);
  const drafts: Draft[] = [];
  let chain = 0;
  for (let remaining = count; remaining > 0; ) {
    let shape = rng.weighted<ChainShape>([['A', 55], ['AU', 20], ['AUU', 5], ['AC', 12], ['AUC', 8]]);
    if (shape.length > remaining) shape = remaining === 2 ? 'AC' : 'A';
    drafts.push(...planner.chain(chain++, shape, false));
    remaining -= shape.length;
  }
  for (let i = 0; i < spareCount; i++) drafts.push(...planner.chain(chain++, 'A', true));

  const serials = new DailySerials();
  const ordered = [...drafts].sort((a, b) => a.issuedAt - b.issuedAt || a.chain - b.chain);
  for (const d of ordered) {
    const day = beijingDate(d.issuedAt);
    const key = province === 'ZJ' ? `${d.issuer.city}-${day}` : day;
    d.sourceId = warningSourceId(province, day, serials.next(rng, key), d.issuer.city);
  }

  const toRecord = (d: Draft): WarningRecord => ({
    id: globalId(province, 'Warning', d.sourceId as string),
    province,
    sourceId: d.sourceId as string,
    event: d.event,
    level: d.level,
    messageType: d.messageType,
    supersedesId: d.ref ? globalId(province, 'Warning', d.ref.sourceId as string) : null,
    headline: d.headline,
    description: d.description,
    instruction: d.instruction,
    issuer: d.issuer.name,
    issuedAt: isoBeijing(d.issuedAt),
    effectiveAt: isoBeijing(d.effectiveAt),
    expiresAt: d.expiresAt === null ? null : isoBeijing(d.expiresAt),
    areaCodes: [...d.issuer.areaCodes],
    updatedAt: isoBeijing(d.updatedAt),
  });
  return { records: drafts.filter((d) => !d.spare).map(toRecord), spares: drafts.filter((d) => d.spare).map(toRecord) };
}
