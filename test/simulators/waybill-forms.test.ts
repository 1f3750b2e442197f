import type { WaybillRecord } from '../../schema/model';
import { renderWaybill as renderAnhui } from '../../simulators/anhui/render';
import { loadDataset } from '../support/test-dataset';
import { hasTransportDetails } from '../../simulators/dataset/waybill-details';
import { waybillRow } from '../../simulators/jiangsu/render';
import { renderWaybill as renderShanghai } from '../../simulators/shanghai/render';
import { renderWaybill as renderZhejiang } from '../../simulators/zhejiang/render';

/** Each system writes the waybill fields of its 2026 release in its own form (legacy-apis/additions-v1.1.md), and older records without them. */

const ds = loadDataset({ seed: 'test', now: new Date('2026-07-12T04:00:00Z'), scale: 1 });
const newer = (p: string): WaybillRecord[] => ds.waybills.filter((w) => w.province === p && hasTransportDetails(w));
const older = (p: string): WaybillRecord[] => ds.waybills.filter((w) => w.province === p && !hasTransportDetails(w));
const NEW_SH = ['consignor', 'trailerPlate', 'tankNo', 'permitNo', 'crew', 'emergencyPhone'];
const NEW_JS = ['TYR_MC', 'TYR_TYSHXYDM', 'TYR_XZQH', 'GCH', 'GTBH', 'DLYSZH', 'JSY_XM', 'JSY_ZGZH', 'JSY_DH', 'YYY_XM', 'YYY_ZGZH', 'YYY_DH', 'YJLXDH'];
const NEW_ZJ = ['tyr', 'gcph', 'gtbh', 'yszh', 'ry', 'yjdh'];
const NEW_AH = ['TYRMC', 'TYR_TYXYDM', 'TYR_XZQH', 'GCHM', 'GTBH', 'YSZH', 'YJDH', 'RYXX'];

describe('the waybill forms of the 2026 releases', () => {
  it('Shanghai: Chinese roles, certNo; trailer plates with and without the middle dot; older records without the fields', () => {
    const rendered = newer('SH').map(renderShanghai);
    for (const r of rendered) expect(Object.keys(r)).toEqual(expect.arrayContaining(NEW_SH));
    const trailers = rendered.map((r) => r.trailerPlate).filter((t): t is string => typeof t === 'string');
    expect(trailers.some((t) => /^沪[A-Z]·\d{4}挂$/.test(t))).toBe(true);
    expect(trailers.some((t) => /^沪[A-Z]\d{4}挂$/.test(t))).toBe(true);
    expect((rendered[0].crew as { role: string }[])[0]).toEqual(expect.objectContaining({ role: '驾驶员', certNo: expect.any(String) }));
    for (const w of older('SH')) for (const k of NEW_SH) expect(renderShanghai(w)).not.toHaveProperty(k);
  });

  it('Jiangsu: driver and escort elements of their own; older rows without the elements or with every one empty', () => {
    for (const w of newer('JS')) expect(Object.keys(waybillRow(w))).toEqual(expect.arrayContaining(NEW_JS));
    expect(newer('JS').some((w) => waybillRow(w).YYY_XM === null)).toBe(true);
    const forms = older('JS').map((w) => waybillRow(w));
    expect(forms.some((r) => NEW_JS.every((k) => !(k in r)))).toBe(true);
    expect(forms.some((r) => NEW_JS.every((k) => k in r && r[k] === null))).toBe(true);
  });

  it('Zhejiang: tyr, ry with JSY and YYY; older records without the fields', () => {
    for (const w of newer('ZJ')) expect(Object.keys(renderZhejiang(w))).toEqual(expect.arrayContaining(NEW_ZJ));
    expect(new Set(newer('ZJ').flatMap((w) => (renderZhejiang(w).ry as { js: string }[]).map((m) => m.js)))).toEqual(new Set(['JSY', 'YYY']));
    for (const w of older('ZJ')) for (const k of NEW_ZJ) expect(renderZhejiang(w)).not.toHaveProperty(k);
  });

  it('Anhui: RYXX packs role|name|certificate|phone by ";", empty strings for what is not recorded; older records without the fields', () => {
    const packs = newer('AH').map((w) => String(renderAnhui(w, null).RYXX));
    for (const p of packs) for (const m of p.split(';')) expect(m).toMatch(/^(驾驶员|押运员)\|[^|]+\|(\d{17}[\dX])?\|(1\d{10})?$/);
    expect(packs.some((p) => p.includes(';'))).toBe(true);
    expect(packs.some((p) => !p.includes(';'))).toBe(true);
    expect(newer('AH').some((w) => renderAnhui(w, null).GCHM === '')).toBe(true);
    for (const w of older('AH')) for (const k of NEW_AH) expect(renderAnhui(w, null)).not.toHaveProperty(k);
  });
});
