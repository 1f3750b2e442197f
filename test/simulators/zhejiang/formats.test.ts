import type { GeoPoint } from '../../../schema/model';
import { isValidCreditCode } from '../../../simulators/dataset';
import { bdToWgs, dataset, ID_FIELD, type Json, type Listed, metresBetween, pullAll, setUp, tearDown, wgsToBd, zj } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('formats and encodings', () => {
  let all: Record<Listed, Json[]>;
  beforeAll(async () => {
    all = {
      warnings: (await pullAll('warnings')).records,
      enterprises: (await pullAll('enterprises')).records,
      waybills: (await pullAll('waybills')).records,
      bases: (await pullAll('bases')).records,
    };
  });
  const byId = (list: Listed, id: string): Json => all[list].find((r) => r[ID_FIELD[list]] === id) as Json;

  it('writes warnings with pinyin fields, epoch ms, upward levels and the referenced warning id', () => {
    const levels = { BLUE: 1, YELLOW: 2, ORANGE: 3, RED: 4 };
    for (const w of zj(dataset.warnings)) {
      const r = byId('warnings', w.sourceId);
      expect(r.yjjb).toBe(levels[w.level]);
      expect(r.xxlx).toBe(w.messageType);
      expect(r.glyjid).toBe(w.supersedesId === null ? null : w.supersedesId.slice('ZJ:Warning:'.length));
      expect([r.fbsj, r.sxsj, r.jssj, r.gxsj]).toEqual([w.issuedAt, w.effectiveAt, w.expiresAt, w.updatedAt].map((t) => (t === null ? null : Date.parse(t))));
      expect([r.bt, r.nr, r.fyzn, r.fbdw]).toEqual([w.headline, w.description, w.instruction, w.issuer]);
      expect((r.qhdm as string[]).map((c) => c.trim())).toEqual(w.areaCodes);
    }
    const typhoon = zj(dataset.warnings).find((w) => w.event === 'TYPHOON');
    if (typhoon) expect(byId('warnings', typhoon.sourceId).yjlx).toBe('TF');
  });

  it('writes positions in BD-09 (bdLng, bdLat) that come back to WGS-84 within 1 m', () => {
    for (const e of zj(dataset.enterprises).filter((e) => e.location)) {
      const r = byId('enterprises', e.sourceId);
      const [lng, lat] = wgsToBd(e.location as GeoPoint);
      expect(r.bdLng as number).toBeCloseTo(lng, 6);
      expect(r.bdLat as number).toBeCloseTo(lat, 6);
      expect(metresBetween(bdToWgs(r.bdLng as number, r.bdLat as number), e.location as GeoPoint)).toBeLessThan(1);
    }
  });

  it('writes a site without a position as 0,0 or without coordinates', () => {
    const unplaced = zj(dataset.enterprises).filter((e) => e.location === null);
    expect(unplaced.length).toBeGreaterThan(0);
    for (const e of unplaced) {
      const r = byId('enterprises', e.sourceId);
      expect([[0, 0], [null, null]]).toContainEqual([r.bdLng, r.bdLat]);
    }
  });

  it('writes quantities as strings with units in all four spellings, each worth the canonical amount', () => {
    const toKg = (s: string): number => {
      const m = /^(\d+(?:\.\d+)?)(吨|t|千克|kg)$/.exec(s) as RegExpExecArray;
      return Number(m[1]) * (m[2] === '吨' || m[2] === 't' ? 1000 : 1);
    };
    const spellings = new Set<string>();
    for (const e of zj(dataset.enterprises)) {
      (byId('enterprises', e.sourceId).hxp as Json[]).forEach((c, i) => {
        expect(c.cl).toMatch(/^\d+(?:\.\d+)?(吨|t|千克|kg)$/);
        spellings.add((c.cl as string).replace(/^[\d.]+/, ''));
        expect(toKg(c.cl as string)).toBeCloseTo(e.chemicals[i].tonnes * 1000, 6);
        expect([c.un, c.mc]).toEqual([e.chemicals[i].unNumber, e.chemicals[i].name]);
      });
    }
    for (const w of zj(dataset.waybills)) {
      (byId('waybills', w.sourceId).hw as Json[]).forEach((g, i) => {
        spellings.add((g.zl as string).replace(/^[\d.]+/, ''));
        expect(toKg(g.zl as string)).toBeCloseTo(w.goods[i].kilograms, 6);
      });
    }
    expect([...spellings].sort()).toEqual(['kg', 't', '千克', '吨'].sort());
  });

  it('writes hazard classes, packing groups, statuses, grades, levels and capabilities in its own codes', () => {
    const w = zj(dataset.waybills).find((x) => x.status === 'IN_TRANSIT');
    expect(byId('waybills', (w ?? { sourceId: '' }).sourceId).zt).toBe('TRANSIT');
    const chlorine = zj(dataset.waybills).find((x) => x.goods.some((g) => g.hazardClass === 'CLASS_2_3'));
    if (chlorine) expect((byId('waybills', chlorine.sourceId).hw as Json[]).map((g) => g.lb)).toContain('2.3');
    for (const e of zj(dataset.enterprises)) {
      expect(byId('enterprises', e.sourceId).wxydj).toBe(e.majorHazardGrade === null ? 0 : Number(e.majorHazardGrade.slice(-1)));
    }
    const jb = { NATIONAL: 'GJ', PROVINCIAL: 'SJ', CITY: 'DSJ', COUNTY: 'XJ' };
    for (const b of zj(dataset.bases)) {
      const r = byId('bases', b.sourceId);
      expect(r.jb).toBe(jb[b.level]);
      expect(r.zbzt).toBe(b.onDuty ? 'ON' : 'OFF');
      expect((r.dw as Json[]).map((t) => t.dwid)).toEqual(b.teams.map((t) => t.sourceId));
      expect((r.wz as Json[]).map((m) => [m.bm, m.sl, m.dw])).toEqual(b.materials.map((m) => [m.code, m.quantity, m.unit]));
    }
    const hazmatBase = zj(dataset.bases).find((b) => b.capabilities.includes('HAZMAT'));
    expect(byId('bases', (hazmatBase ?? { sourceId: '' }).sourceId).nl).toContain('危化');
  });

  it('quirk: a few qhdm entries carry a trailing space', () => {
    const entries = [
      ...all.warnings.flatMap((r) => r.qhdm as string[]),
      ...all.enterprises.map((r) => r.qhdm as string),
      ...all.bases.map((r) => r.qhdm as string),
      ...all.waybills.flatMap((r) => [(r.qyd as Json).qhdm, (r.mdd as Json).qhdm]).filter((c): c is string => typeof c === 'string'),
    ];
    const spaced = entries.filter((c) => c.endsWith(' '));
    expect(spaced.length).toBeGreaterThan(0);
    expect(spaced.length).toBeLessThan(entries.length * 0.3);
    for (const c of entries) expect(c.trim()).toMatch(/^\d{6}$/);
  });

  it('renders the defective records broken as their defect says', () => {
    const bad = dataset.bad.filter((b) => b.province === 'ZJ');
    expect(new Set(bad.map((b) => b.defect)).size).toBe(4);
    for (const b of bad) {
      const r = byId(b.collection, b.record.sourceId);
      switch (b.defect) {
        case 'INVALID_CREDIT_CODE': {
          const codes = [r.xydm, r.cyrxydm, (r.qyd as Json | undefined)?.xydm].filter((c): c is string => typeof c === 'string');
          expect(codes.some((c) => !isValidCreditCode(c))).toBe(true);
          break;
        }
        case 'UNKNOWN_CODE':
          expect(r.yjlx === 'QT' || r.jb === 'CJ' || r.zt === 'LOST' || r.wxydj === 9).toBe(true);
          break;
        case 'MISSING_FIELD': {
          const field = { warnings: 'bt', enterprises: 'qymc', waybills: 'cph', bases: 'jdmc' }[b.collection];
          expect(r[field] === undefined || r[field] === '').toBe(true);
          break;
        }
        case 'UNPARSEABLE_TIME':
          expect([r.fbsj, r.fcsj, r.gxsj].some((t) => typeof t === 'string')).toBe(true);
          break;
      }
    }
  });
});
