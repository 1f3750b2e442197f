import type { ParkRiskGrade, ProvinceCode } from '../../schema/model';

/**
 * Facts of the v1.1 safety record: the CAS numbers of the chemicals the data set holds, whether each
 * is on the national list under key supervision (重点监管危险化学品名录) and the highly toxic list
 * (剧毒化学品目录), the parks' risk grades, and the licence authorities' abbreviations.
 */

export interface ChemicalSafetyFacts {
  /** Null for a mixture without one (烃类气体混合物). */
  cas: string | null;
  keySupervised: boolean;
  highlyToxic: boolean;
}

export const CHEMICAL_SAFETY: Readonly<Record<string, ChemicalSafetyFacts>> = {
  '1203': { cas: '86290-81-5', keySupervised: true, highlyToxic: false }, // 汽油
  '1017': { cas: '7782-50-5', keySupervised: true, highlyToxic: false }, // 氯
  '1005': { cas: '7664-41-7', keySupervised: true, highlyToxic: false }, // 氨
  '1075': { cas: '68476-85-7', keySupervised: true, highlyToxic: false }, // 液化石油气
  '1230': { cas: '67-56-1', keySupervised: true, highlyToxic: false }, // 甲醇
  '1090': { cas: '67-64-1', keySupervised: false, highlyToxic: false }, // 丙酮
  '1830': { cas: '7664-93-9', keySupervised: false, highlyToxic: false }, // 硫酸
  '1789': { cas: '7647-01-0', keySupervised: false, highlyToxic: false }, // 盐酸
  '1114': { cas: '71-43-2', keySupervised: true, highlyToxic: false }, // 苯
  '1965': { cas: null, keySupervised: false, highlyToxic: false }, // 烃类气体混合物
};

/** Risk grades of the data set's parks (simulated); a park not yet graded is absent. */
export const PARK_RISK_GRADES_BY_NAME: Readonly<Record<string, ParkRiskGrade>> = {
  上海化学工业区: 'D',
  上海石化金山卫基地: 'C',
  上海化学工业区奉贤分区: 'C',
  高桥石化片区: 'B',
  吴泾化工区: 'B',
  宝山罗泾工业区: 'C',
  南京江北新材料科技园: 'D',
  扬州化学工业园区: 'C',
  泰兴经济开发区: 'C',
  连云港徐圩新区石化基地: 'D',
  扬子江国际化学工业园: 'C',
  常州滨江经济开发区: 'B',
  如东洋口化学工业园: 'C',
  新沂经济开发区化工园: 'B',
  淮安盐化新材料产业园: 'A',
  宁波石化经济技术开发区: 'D',
  大榭开发区: 'C',
  嘉兴港区化工新材料园区: 'C',
  杭州湾上虞经济技术开发区: 'C',
  衢州高新技术产业开发区: 'C',
  舟山绿色石化基地: 'D',
  杭州萧山临江工业园: 'B',
  安庆高新技术产业开发区: 'C',
  淮南现代煤化工产业园: 'C',
  马鞍山慈湖高新区: 'B',
  铜陵经济技术开发区: 'C',
  合肥循环经济示范园: 'B',
  淮北临涣工业园: 'C',
  定远盐化工业园: 'A',
  蚌埠精细化工园: 'B',
};

/** The province's abbreviation in its licence numbers, e.g. (沪)WH安许证字[2024]0012. */
export const LICENCE_AUTHORITY: Readonly<Record<ProvinceCode, string>> = { SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' };

export const UNIT_NAMES = ['罐区一', '罐区二', '罐区三', '球罐区', '液氯储罐区', '甲类仓库', '仓库一', '仓库二', '生产装置区', '装卸站台'] as const;
