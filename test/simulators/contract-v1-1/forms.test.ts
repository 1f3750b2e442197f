import { PROVINCE_CODES, type RescueBaseRecord, type WarningRecord } from '../../../schema/model';
import { renderBase as ahBase, renderWarning as ahWarning } from '../../../simulators/anhui/render';
import { loadDataset } from '../../support/test-dataset';
import { forceTypeRelease } from '../../../simulators/dataset/force-types';
import { baseRow as jsBase, warningRow as jsWarning } from '../../../simulators/jiangsu/render';
import { renderBase as shBase, renderWarning as shWarning } from '../../../simulators/shanghai/render';
import { renderBase as zjBase, renderWarning as zjWarning } from '../../../simulators/zhejiang/render';

/**
 * The simulators write the fields of the 2026 releases as legacy-apis/additions-v1.1.md says,
 * each in its system's form, and leave them out of records written before the release. The
 * expected codes are written out here from the document, not taken from the simulators' tables.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const release = forceTypeRelease(NOW.getTime());

const FORCE: Record<string, [sh: string, js: string, zj: string, ah: string]> = {
  FIRE_AND_RESCUE: ['消防救援', '1', 'XFJY', '国家综合性消防救援队伍'],
  PROFESSIONAL: ['专业', '2', 'ZYDW', '专业应急救援队伍'],
  SOCIAL: ['社会', '3', 'SHLL', '社会应急力量'],
  ENTERPRISE: ['企业', '4', 'QYZZ', '企业专职救援队'],
};
const EVENT: Record<string, [sh: string, js: string, zj: string, ah: string]> = {
  HAIL: ['冰雹', '21', 'BB', '冰雹预警'],
  FROST: ['霜冻', '22', 'SD', '霜冻预警'],
  HAZE: ['霾', '23', 'M', '霾预警'],
  DROUGHT: ['干旱', '24', 'GH', '干旱预警'],
  FLASH_FLOOD: ['山洪', '25', 'SH', '山洪预警'],
  URBAN_WATERLOGGING: ['城市内涝', '26', 'CSNL', '城市内涝预警'],
};

type Row = Record<string, unknown>;
const jsTeams = (b: RescueBaseRecord): string[] => String((jsBase(b).DWS as { children: string[] }).children.join(''))
  .match(/<DW>.*?<\/DW>/g)?.map((dw) => /<LLLX>(.*?)<\/LLLX>/.exec(dw)?.[1] ?? '(absent)') ?? [];

describe('team force types as each system writes them', () => {
  it.each(PROVINCE_CODES)('%s: the kind of every team of a base written since the release, none before', (p) => {
    const bases = dataset.bases.filter((b) => b.province === p);
    for (const b of bases) {
      const written = b.teams.map((t) => {
        if (Date.parse(b.updatedAt) < release) expect(t.forceType).toBeUndefined();
        const codes = t.forceType ? FORCE[t.forceType] : null;
        const i = ['SH', 'JS', 'ZJ', 'AH'].indexOf(p);
        return codes ? codes[i] : '(absent)';
      });
      if (p === 'SH') expect((shBase(b).teams as Row[]).map((t) => ('forceType' in t ? t.forceType : '(absent)'))).toEqual(written);
      if (p === 'JS') expect(jsTeams(b)).toEqual(written);
      if (p === 'ZJ') expect((zjBase(b).dw as Row[]).map((t) => ('lllx' in t ? t.lllx : '(absent)'))).toEqual(written);
      if (p === 'AH') expect((JSON.parse(String(ahBase(b, null).DWXX)) as Row[]).map((t) => ('lllx' in t ? t.lllx : '(absent)'))).toEqual(written);
    }
    expect(bases.some((b) => b.teams.some((t) => t.forceType === undefined))).toBe(true);
    expect(bases.some((b) => b.teams.some((t) => t.forceType === 'SOCIAL'))).toBe(true);
  });
});

describe('the six new warning events as each system writes them', () => {
  const mine = (p: string): WarningRecord[] => dataset.warnings.filter((w) => w.province === p && w.event in EVENT);
  it('each system writes its own code', () => {
    for (const w of mine('SH')) expect(shWarning(w).type).toBe(EVENT[w.event][0]);
    for (const w of mine('JS')) expect(jsWarning(w).WARN_TYPE).toBe(EVENT[w.event][1]);
    for (const w of mine('ZJ')) expect(zjWarning(w).yjlx).toBe(EVENT[w.event][2]);
    for (const w of mine('AH')) expect(ahWarning(w, null).YJLX).toBe(EVENT[w.event][3]);
    for (const p of PROVINCE_CODES) expect(mine(p).length).toBeGreaterThan(0);
  });
});
