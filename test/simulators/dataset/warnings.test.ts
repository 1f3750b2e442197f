import { PROVINCE_CODES, type WarningRecord } from '../../../schema/model';
import { ACTIVE_GUARD_MS, activeWarningIds, generateDataset } from '../../../simulators/dataset';
import { NOW, HOUR, divisions, provinceOfCode, ms, d, byProvince } from './harness';

/** The canonical data set: warnings (see ./harness for how it is checked). */

describe('warnings', () => {
  it('chains UPDATEs and CANCELs to an earlier warning of the same province', () => {
    const byId = new Map(d.warnings.map((w) => [w.id, w]));
    const types = new Set(d.warnings.map((w) => w.messageType));
    expect(types).toEqual(new Set(['ALERT', 'UPDATE', 'CANCEL']));
    for (const w of d.warnings) {
      if (w.messageType === 'ALERT') {
        expect(w.supersedesId).toBeNull();
        continue;
      }
      const ref = byId.get(w.supersedesId as string);
      expect(ref).toBeDefined();
      expect(ref?.province).toBe(w.province);
      expect(ms((ref as WarningRecord).issuedAt)).toBeLessThan(ms(w.issuedAt));
      expect(ref?.event).toBe(w.event);
    }
    for (const p of PROVINCE_CODES) {
      expect(byProvince(d.warnings, p).some((w) => w.messageType === 'UPDATE')).toBe(true);
      expect(byProvince(d.warnings, p).some((w) => w.messageType === 'CANCEL')).toBe(true);
    }
  });

  it('keeps every issue, effective and expiry time at least 3 hours from now, in order', () => {
    const all = [...d.warnings, ...d.bad.filter((b) => b.collection === 'warnings').map((b) => b.record as WarningRecord)];
    for (const w of all) {
      for (const t of [w.issuedAt, w.effectiveAt, w.expiresAt]) {
        if (t !== null) expect(Math.abs(ms(t) - NOW.getTime())).toBeGreaterThanOrEqual(ACTIVE_GUARD_MS);
      }
      expect(ms(w.issuedAt)).toBeLessThanOrEqual(ms(w.effectiveAt));
      expect(ms(w.issuedAt)).toBeLessThan(NOW.getTime());
      if (w.expiresAt !== null) expect(ms(w.effectiveAt)).toBeLessThan(ms(w.expiresAt));
    }
    expect(d.warnings.some((w) => w.expiresAt === null)).toBe(true);
  });

  it('mixes warnings in force, expired, not yet effective, replaced and cancelled', () => {
    const now = NOW.getTime();
    const inForce = (w: WarningRecord): boolean => ms(w.effectiveAt) <= now && (w.expiresAt === null || ms(w.expiresAt) > now);
    for (const p of PROVINCE_CODES) {
      const ws = byProvince(d.warnings, p);
      const replaced = new Set(ws.filter((w) => w.messageType === 'UPDATE').map((w) => w.supersedesId));
      const cancelled = new Set(ws.filter((w) => w.messageType === 'CANCEL').map((w) => w.supersedesId));
      const active = ws.filter((w) => w.messageType !== 'CANCEL' && inForce(w) && !replaced.has(w.id) && !cancelled.has(w.id));
      expect(active.length).toBeGreaterThan(2);
      expect(ws.filter((w) => w.expiresAt !== null && ms(w.expiresAt) < now).length).toBeGreaterThan(5);
      expect(ws.filter((w) => ms(w.effectiveAt) > now).length + ws.filter((w) => !inForce(w)).length).toBeGreaterThan(0);
      expect(cancelled.size).toBeGreaterThan(0);
      // a CANCEL is itself never in force at now, so "active" does not depend on how it is read
      expect(ws.filter((w) => w.messageType === 'CANCEL' && inForce(w))).toEqual([]);
    }
    expect(d.warnings.some((w) => inForce(w) && d.warnings.some((u) => u.messageType === 'UPDATE' && u.supersedesId === w.id))).toBe(true);
  });

  it('gives the same active set at any time within 3 hours of now', () => {
    const now = NOW.getTime();
    const replacedOrCancelled = new Set(d.warnings.map((w) => w.supersedesId));
    const expected = new Set(
      d.warnings
        .filter((w) => w.messageType !== 'CANCEL' && !replacedOrCancelled.has(w.id))
        .filter((w) => ms(w.effectiveAt) <= now && (w.expiresAt === null || ms(w.expiresAt) > now))
        .map((w) => w.id),
    );
    expect(activeWarningIds(d.warnings, NOW)).toEqual(expected);
    for (const offset of [-2.9 * HOUR, -HOUR, HOUR, 2.9 * HOUR]) expect(activeWarningIds(d.warnings, new Date(now + offset))).toEqual(expected);
    expect(activeWarningIds(d.warnings, new Date(now + 2 * 24 * HOUR))).not.toEqual(expected);
  });

  it('names normalised divisions of its own province, some JS warnings a whole city', () => {
    for (const w of d.warnings) {
      expect(w.areaCodes.length).toBeGreaterThan(0);
      for (const a of w.areaCodes) {
        expect(divisions.has(a)).toBe(true);
        expect(provinceOfCode(a)).toBe(w.province);
      }
    }
    expect(byProvince(d.warnings, 'JS').some((w) => w.areaCodes.some((a) => /^32\d{2}00$/.test(a)))).toBe(true);
  });

  it('follows the region: coastal typhoons, Taihu floods, northern icing, southern forest fire', () => {
    const cityOf = (a: string): string => a.slice(0, 4);
    const hasEventIn = (events: string[], cities: string[]): boolean =>
      d.warnings.some((w) => events.includes(w.event) && w.areaCodes.some((a) => cities.includes(cityOf(a))));
    expect(hasEventIn(['TYPHOON', 'STORM_SURGE'], ['3101', '3302', '3309', '3310', '3303'])).toBe(true);
    expect(hasEventIn(['ROAD_ICING', 'BLIZZARD'], ['3203', '3213', '3207', '3403', '3412', '3406', '3416', '3413'])).toBe(true);
    expect(hasEventIn(['FOREST_FIRE'], ['3311', '3308', '3410', '3408', '3417', '3418', '3307'])).toBe(true);
    const scaled = generateDataset({ seed: 'yrd', now: NOW, scale: 3 });
    expect(scaled.warnings.some((w) => w.event === 'FLOOD' && w.areaCodes.some((a) => ['3205', '3202', '3305', '3304', '3204'].includes(cityOf(a))))).toBe(true);
    const coastal = new Set(['3101', '3302', '3309', '3310', '3303', '3206', '3209', '3207', '3300', '3200']);
    for (const w of scaled.warnings.filter((x) => x.event === 'TYPHOON')) expect(w.areaCodes.some((a) => coastal.has(cityOf(a)))).toBe(true);
    for (const w of d.warnings) {
      expect(w.headline.length).toBeGreaterThan(4);
      expect(w.description).toMatch(/[\u4e00-\u9fff]/);
      expect(w.issuer).toMatch(/(气象台|局|中心)$/);
    }
  });
});
