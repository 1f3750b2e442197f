import { creditSanctionId, type CreditSanctionRecord, type IsoDate, type SanctionListType } from '../../schema/credit-model';
import { PROVINCE_CODES, type HazmatEnterpriseRecord, type ProvinceCode, type RescueBaseRecord } from '../../schema/model';
import { corruptCreditCode } from './credit-code';
import { PROVINCE_ADCODE } from './geography';
import type { Rng } from './prng';
import { DAY, HOUR, floorTo, isoBeijing } from './time';

/**
 * The region's credit platform's joint work-safety sanctions list (legacy-apis/credit.md): some of
 * the data set's enterprises and rescue organisations sanctioned, some removed, some expired, some by
 * a national authority, a few natural persons (masked) and a few rows with a wrong check character.
 * Each decision is a sequence of versions, each listed at its `publishedAt`: the list at any time is
 * the latest version of each decision published by then (the snapshot and deltas are cut from it).
 */

/** enterprise: a subject the list may name; person: a masked natural person; invalid-code: a wrong check character. */
export type SanctionSubject = 'enterprise' | 'person' | 'invalid-code';

export interface SanctionVersion {
  record: CreditSanctionRecord;
  /** Epoch ms at which the platform lists this version (its 更新时间). */
  publishedAt: number;
  subject: SanctionSubject;
  /**
   * The platform dropped the decision from its data at `publishedAt` (a daily snapshot's cut): it is
   * absent from that snapshot on, and no delta says so (a delta lists added and changed rows only).
   */
  gone?: true;
}

const BEIJING_OFFSET_MS = 8 * HOUR;

/** The Beijing calendar day of an instant, YYYY-MM-DD. */
export function beijingDay(ms: number): IsoDate {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Beijing of the day `ms` falls in, epoch ms. */
export function beijingMidnight(ms: number): number {
  return floorTo(ms + BEIJING_OFFSET_MS, DAY) - BEIJING_OFFSET_MS;
}

/** The platform's daily snapshot is cut at 02:00 Beijing: the latest cut at or before `ms`. */
export function snapshotCut(ms: number): number {
  const cut = beijingMidnight(ms) + 2 * HOUR;
  return cut <= ms ? cut : cut - DAY;
}

const AUTHORITY: Record<ProvinceCode | 'NATIONAL', { name: string; prefix: string }> = {
  SH: { name: '上海市应急管理局', prefix: '沪应急失信' },
  JS: { name: '江苏省应急管理厅', prefix: '苏应急失信' },
  ZJ: { name: '浙江省应急管理厅', prefix: '浙应急失信' },
  AH: { name: '安徽省应急管理厅', prefix: '皖应急失信' },
  NATIONAL: { name: '应急管理部', prefix: '应急部失信' },
};

const REASONS: readonly string[] = [
  '未按规定对重大危险源进行辨识、评估，未建立安全管理档案',
  '发生较大生产安全事故，负有责任，造成3人死亡',
  '拒不执行安全监管监察指令，逾期未整改"重大事故隐患"',
  '在安全评价中出具虚假报告, 情节严重',
  '储罐区可燃气体报警装置失效，\n且未按规定设置紧急切断装置',
  '瞒报、谎报生产安全事故，"一年内两次"被行政处罚，\r\n拒不改正',
  '危险化学品运输车辆"挂靠"经营，未落实安全生产主体责任',
  '使用国家明令淘汰的危及生产安全的工艺、设备',
];

const MEASURES: readonly (string | null)[] = [
  '限制参加政府采购、工程招投标',
  '列入重点监管对象，提高检查频次；限制申请财政补贴',
  '限制高消费, 限制担任法定代表人',
  null,
];

interface Subject {
  creditCode: string;
  name: string;
  province: ProvinceCode;
  kind: SanctionSubject;
}

type Fate = 'in-force' | 'expired' | 'removed';

/** A whole-second instant within the Beijing day `day` (at or after `from` when given). */
function timeOnDay(rng: Rng, midnight: number, from = midnight): number {
  return floorTo(rng.float(Math.max(from, midnight), midnight + DAY - 1000), 1000);
}

function maskedPerson(rng: Rng, province: ProvinceCode): Subject {
  const area = `${PROVINCE_ADCODE[province].slice(0, 2)}0${rng.int(1, 9)}`;
  const tail = `${rng.digits(3)}${rng.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'])}`;
  return { creditCode: `${area}${'*'.repeat(10)}${tail}`, name: `${rng.pick(['王', '李', '张', '刘', '陈'])}某某（个体工商户）`, province, kind: 'person' };
}

function subjects(rng: Rng, enterprises: readonly HazmatEnterpriseRecord[], bases: readonly RescueBaseRecord[], scale: number): Subject[] {
  const chosen = rng.sample(enterprises, Math.round(enterprises.length * 0.15));
  const list: Subject[] = chosen.map((e) => ({ creditCode: e.creditCode, name: e.name, province: e.province, kind: 'enterprise' }));
  const organisations = new Map<string, RescueBaseRecord>();
  for (const b of bases) if (b.creditCode !== null && !organisations.has(b.creditCode)) organisations.set(b.creditCode, b);
  for (const b of rng.sample([...organisations.values()], Math.max(3, Math.round(organisations.size * 0.3)))) {
    list.push({ creditCode: b.creditCode as string, name: b.name, province: b.province, kind: 'enterprise' });
  }
  // A few subjects are sanctioned twice (by different decisions).
  for (const s of rng.sample(list, Math.max(2, Math.round(list.length * 0.05)))) list.push({ ...s });
  for (let i = 0; i < 5 * scale; i++) list.push(maskedPerson(rng, PROVINCE_CODES[i % 4]));
  for (const e of rng.sample(enterprises.filter((x) => !chosen.includes(x)), 3 * scale)) {
    list.push({ creditCode: corruptCreditCode(e.creditCode), name: e.name, province: e.province, kind: 'invalid-code' });
  }
  return list;
}

/**
 * Every version of every decision. About one decision in ten is decided today and listed in
 * today's hourly deltas (some after `now`, for tests that move the clock), and so are some
 * removals; the first decision is in force until today, for the day-boundary case.
 */
export function generateSanctions(rng: Rng, now: number, enterprises: readonly HazmatEnterpriseRecord[], bases: readonly RescueBaseRecord[], scale: number): SanctionVersion[] {
  const today = beijingMidnight(now);
  const cut = snapshotCut(now);
  const deltaWindow = (): number => floorTo(rng.float(cut + 1000, now + 6 * HOUR), 1000);
  const versions: SanctionVersion[] = [];
  subjects(rng, enterprises, bases, scale).forEach((subject, seq) => {
    const decidingProvince = rng.weighted([[subject.province, 75], [rng.pick(PROVINCE_CODES), 10], [null, 15]] as const);
    const authority = AUTHORITY[decidingProvince ?? 'NATIONAL'];
    const newToday = seq % 10 === 3;
    const decidedMidnight = newToday ? today : today - rng.int(5, 700) * DAY;
    const fate: Fate = seq === 0 ? 'in-force' : rng.weighted([['in-force', 60], ['expired', 20], ['removed', 20]] as const);
    let validUntil: number | null = decidedMidnight + rng.int(365, 1095) * DAY;
    if (seq === 0) validUntil = today;
    else if (fate === 'expired' && !newToday) validUntil = decidedMidnight + rng.int(1, Math.floor((today - decidedMidnight) / DAY) - 1) * DAY;
    else if (rng.chance(0.15)) validUntil = null;
    const record: CreditSanctionRecord = {
      id: '',
      decisionNumber: `${authority.prefix}〔${beijingDay(decidedMidnight).slice(0, 4)}〕${String(1000 + seq)}号`,
      creditCode: subject.creditCode,
      name: subject.name,
      listType: rng.weighted<SanctionListType>([['SERIOUS_DISHONESTY', 30], ['KEY_ATTENTION', 70]]),
      province: decidingProvince,
      authority: authority.name,
      decidedOn: beijingDay(decidedMidnight),
      reason: rng.pick(REASONS),
      measures: rng.pick(MEASURES),
      validUntil: validUntil === null ? null : beijingDay(validUntil),
      removedOn: null,
      updatedAt: '',
    };
    record.id = creditSanctionId(record.decisionNumber);
    const listedAt = newToday ? deltaWindow() : timeOnDay(rng, decidedMidnight + DAY);
    versions.push({ record: { ...record, updatedAt: isoBeijing(listedAt) }, publishedAt: listedAt, subject: subject.kind });
    if (fate !== 'removed' || newToday || seq === 0) return;
    const removedToday = rng.chance(0.3);
    const removedAt = removedToday ? deltaWindow() : timeOnDay(rng, decidedMidnight + rng.int(2, Math.floor((today - decidedMidnight) / DAY) - 1) * DAY);
    const removed = { ...record, removedOn: beijingDay(removedAt), updatedAt: isoBeijing(removedAt) };
    versions.push({ record: removed, publishedAt: removedAt, subject: subject.kind });
  });
  versions.push(...dropped(versions, now));
  return versions.sort((a, b) => a.publishedAt - b.publishedAt || (a.record.decisionNumber < b.record.decisionNumber ? -1 : 1));
}

/** Every how many of the enterprises' decisions in force and unchanged, one leaves the platform's data. */
const DROP_EVERY = 12;

/**
 * A few decisions in force leave the platform's data at the first snapshot cut after `now` (for
 * tests that move the clock past it): every DROP_EVERY-th enterprise decision listed once and still
 * in force then, chosen without the generator's random numbers so that the rest of
 * the data set stays as it was.
 */
function dropped(versions: readonly SanctionVersion[], now: number): SanctionVersion[] {
  const at = snapshotCut(now) + DAY;
  const versionsOf = new Map<string, number>();
  for (const v of versions) versionsOf.set(v.record.decisionNumber, (versionsOf.get(v.record.decisionNumber) ?? 0) + 1);
  const candidates = versions.filter((v) => v.subject === 'enterprise' && v.publishedAt <= now && versionsOf.get(v.record.decisionNumber) === 1 && (v.record.validUntil === null || v.record.validUntil > beijingDay(at)));
  return candidates.filter((_, i) => i % DROP_EVERY === DROP_EVERY - 1).map((v) => ({ ...v, publishedAt: at, gone: true }));
}
