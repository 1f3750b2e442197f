import { globalId, PROVINCE_CODES, type ProvinceCode, type WarningRecord } from '../../../schema/model';
import { BRANCH_SITES, PER_PROVINCE } from '../../../simulators/dataset';
import { NOW, HOUR, ISO_SECONDS, ISO_MINUTES, ms, d, byProvince } from './harness';

/** The canonical data set: counts and ids, times (see ./harness for how it is checked). */

describe('counts and ids', () => {
  it('holds the scale-1 counts in every province', () => {
    for (const p of PROVINCE_CODES) {
      expect(byProvince(d.warnings, p)).toHaveLength(PER_PROVINCE.warnings);
      expect(byProvince(d.enterprises, p)).toHaveLength(PER_PROVINCE.enterprises + BRANCH_SITES[p]);
      expect(byProvince(d.waybills, p)).toHaveLength(PER_PROVINCE.waybills);
      expect(byProvince(d.bases, p)).toHaveLength(PER_PROVINCE.bases);
    }
  });

  it('writes legacy ids as each system does, and global ids from them', () => {
    const formats: Record<ProvinceCode, { warning: RegExp; enterprise: RegExp; base: RegExp; team: RegExp }> = {
      SH: { warning: /^SHW-\d{8}-\d{4}$/, enterprise: /^SHE-\d{6}$/, base: /^SHB-\d{4}$/, team: /^SHT-\d{4}$/ },
      JS: { warning: /^JSW\d{8}\d{5}$/, enterprise: /^JSE\d{5}$/, base: /^JSB\d{4}$/, team: /^JST\d{4}$/ },
      ZJ: { warning: /^ZJYJ-33\d{2}00-\d{8}-\d{3}$/, enterprise: /^ZJQY-\d{4}$/, base: /^ZJJD-\d{3}$/, team: /^ZJDW-\d{4}$/ },
      AH: { warning: /^\d{11}$/, enterprise: /^AHQY\d{6}$/, base: /^AHJD\d{4}$/, team: /^AHDW\d{4}$/ },
    };
    const adcode: Record<ProvinceCode, string> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };
    for (const w of d.warnings) {
      expect(w.sourceId).toMatch(formats[w.province].warning);
      expect(w.id).toBe(globalId(w.province, 'Warning', w.sourceId));
    }
    for (const e of d.enterprises) {
      expect(e.sourceId).toMatch(formats[e.province].enterprise);
      expect(e.id).toBe(globalId(e.province, 'HazmatEnterprise', e.sourceId));
    }
    for (const b of d.bases) {
      expect(b.sourceId).toMatch(formats[b.province].base);
      expect(b.id).toBe(globalId(b.province, 'RescueBase', b.sourceId));
      for (const t of b.teams) {
        expect(t.sourceId).toMatch(formats[b.province].team);
        expect(t.id).toBe(globalId(b.province, 'RescueTeam', t.sourceId));
      }
    }
    for (const w of d.waybills) {
      expect(w.number).toMatch(new RegExp(`^YD${adcode[w.province]}\\d{8}\\d{4}$`));
      expect(w.sourceId).toBe(w.number);
      expect(w.id).toBe(globalId(w.province, 'Waybill', w.number));
    }
    const ids = [...d.warnings, ...d.enterprises, ...d.waybills, ...d.bases, ...d.bases.flatMap((b) => b.teams)].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('dates warning ids by their Beijing issue day', () => {
    for (const w of d.warnings) {
      const day = w.issuedAt.slice(0, 10).replace(/-/g, '');
      expect(w.sourceId).toContain(day);
    }
  });
});

describe('times', () => {
  it('writes every time with +08:00, whole minutes where the systems keep minutes', () => {
    for (const w of [...d.warnings, ...d.bad.filter((b) => b.collection === 'warnings').map((b) => b.record as WarningRecord)]) {
      expect(w.issuedAt).toMatch(ISO_MINUTES);
      expect(w.effectiveAt).toMatch(ISO_MINUTES);
      if (w.expiresAt !== null) expect(w.expiresAt).toMatch(ISO_MINUTES);
      expect(w.updatedAt).toMatch(ISO_SECONDS);
    }
    for (const w of d.waybills) if (w.departedAt !== null) expect(w.departedAt).toMatch(ISO_MINUTES);
    for (const p of d.trackPoints) expect(p.at).toMatch(ISO_SECONDS);
  });

  it('places every updatedAt in the last 30 days, not after now, with a few ties', () => {
    const all = [...d.warnings, ...d.enterprises, ...d.waybills, ...d.bases, ...d.mutualAidRequests, ...d.bad.map((b) => b.record)];
    for (const r of all) {
      expect(r.updatedAt).toMatch(ISO_SECONDS);
      expect(ms(r.updatedAt)).toBeLessThanOrEqual(NOW.getTime());
      expect(ms(r.updatedAt)).toBeGreaterThan(NOW.getTime() - 31 * 24 * HOUR);
    }
    for (const collection of [d.warnings, d.enterprises, d.waybills, d.bases]) {
      const keys = collection.map((r) => `${r.province} ${r.updatedAt}`);
      const ties = keys.length - new Set(keys).size;
      expect(ties).toBeGreaterThan(0);
      expect(ties).toBeLessThan(keys.length * 0.05);
    }
  });
});
