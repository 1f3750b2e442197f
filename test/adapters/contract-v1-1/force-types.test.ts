import { mapBase as mapAhBase } from '../../../adapters/anhui/map-rescue';
import { parseAnswer } from '../../../adapters/jiangsu/envelope';
import { mapBase as mapJsBase } from '../../../adapters/jiangsu/map-rescue';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { forceTypeOf } from '../../../adapters/kit/force-types';
import { mapBase as mapShBase } from '../../../adapters/shanghai/map';
import { mapBase as mapZjBase } from '../../../adapters/zhejiang/map';
import { RESCUE_FORCE_TYPES, type RescueForceType, type RescueTeamRecord } from '../../../schema/model';

/**
 * Each team's kind of force as each system writes it since its 2026 release
 * (legacy-apis/additions-v1.1.md), and the older form without one.
 */

const CODES: Record<'SH' | 'JS' | 'ZJ' | 'AH', Record<RescueForceType, string>> = {
  SH: { FIRE_AND_RESCUE: '消防救援', PROFESSIONAL: '专业', SOCIAL: '社会', ENTERPRISE: '企业' },
  JS: { FIRE_AND_RESCUE: '1', PROFESSIONAL: '2', SOCIAL: '3', ENTERPRISE: '4' },
  ZJ: { FIRE_AND_RESCUE: 'XFJY', PROFESSIONAL: 'ZYDW', SOCIAL: 'SHLL', ENTERPRISE: 'QYZZ' },
  AH: { FIRE_AND_RESCUE: '国家综合性消防救援队伍', PROFESSIONAL: '专业应急救援队伍', SOCIAL: '社会应急力量', ENTERPRISE: '企业专职救援队' },
};

const teamsOf = (teams: readonly RescueTeamRecord[]): [string, RescueForceType | undefined][] => teams.map((t) => [t.sourceId, t.forceType]);

const shBase = (teams: Record<string, unknown>[]) => mapShBase({
  id: 'SHB-0007', name: '上海市金山区综合应急救援站', level: '区级', creditCode: null, districtCode: '310116', location: null, capabilities: ['危化品'],
  teams, materials: [], onDuty: true, phone: null, updatedAt: '2026-07-12T08:31:02+08:00',
});

const jsBase = (dws: string) => mapJsBase(parseAnswer(Buffer.from(
  '<Response><Code>0</Code><Message>成功</Message><Total>1</Total><Data><Row><JD_ID>JSB0012</JD_ID><JD_MC>南京市江宁区危化品应急救援队基地</JD_MC><JB>县级</JB>' +
  `<TYSHXYDM/><XZQH_DM>320115</XZQH_DM><LNG/><LAT/><NL>WHP</NL><DWS>${dws}</DWS><WZS/><ZB_ZT>1</ZB_ZT><LXDH/><UPDATE_TIME>20260712083102</UPDATE_TIME></Row></Data></Response>`,
), 'test').rows[0]);
const jsTeam = (id: string, lllx: string | null) => `<DW><DW_ID>${id}</DW_ID><DW_MC>一队</DW_MC><RS>30</RS><ZY>WHP</ZY>${lllx === null ? '' : `<LLLX>${lllx}</LLLX>`}</DW>`;

const zjBase = (dw: Record<string, unknown>[]) => mapZjBase({
  jdid: 'ZJJD-033', jdmc: '湖州市长兴县综合应急救援队基地', jb: 'XJ', xydm: null, qhdm: '330522', bdLng: null, bdLat: null,
  nl: ['危化'], dw, wz: [], zbzt: 'ON', lxdh: null, gxsj: 1783816262000,
});

const ahBase = (dwxx: Record<string, unknown>[]) => mapAhBase({
  JDBH: 'AHJD0009', JDMC: '宣城市广德市综合应急救援队基地', JDJB: '县级', TYXYDM: '',
  XZQH: '341822', jd: '', wd: '', JYNL: '危险化学品', DWXX: JSON.stringify(dwxx), WZXX: '', ZBZT: '是', LXDH: '', GXSJ: '2026-07-12 08:31:02',
});

describe('team force types in each system\'s form', () => {
  it.each(RESCUE_FORCE_TYPES)('%s from every system', (kind) => {
    expect(teamsOf(shBase([{ id: 'SHT-0001', name: '一队', members: 30, specialty: '危化品', forceType: CODES.SH[kind] }]).teams)).toEqual([['SHT-0001', kind]]);
    expect(teamsOf(jsBase(jsTeam('JST0001', CODES.JS[kind])).teams)).toEqual([['JST0001', kind]]);
    expect(teamsOf(zjBase([{ dwid: 'ZJDW-0001', dwmc: '一队', rs: 30, zy: '危化', lllx: CODES.ZJ[kind] }]).teams)).toEqual([['ZJDW-0001', kind]]);
    expect(teamsOf(ahBase([{ dwbh: 'AHDW0001', dwmc: '一中队', rs: 30, zy: '危险化学品', lllx: CODES.AH[kind] }]).teams)).toEqual([['AHDW0001', kind]]);
  });

  it('records written before the release have no kind: the field absent, null or empty, and both forms in one base', () => {
    const sh = shBase([
      { id: 'SHT-0001', name: '一队', members: 30, specialty: null },
      { id: 'SHT-0002', name: '二队', members: 30, specialty: null, forceType: null },
      { id: 'SHT-0003', name: '三队', members: 30, specialty: null, forceType: '社会' },
    ]);
    expect(teamsOf(sh.teams)).toEqual([['SHT-0001', undefined], ['SHT-0002', undefined], ['SHT-0003', 'SOCIAL']]);
    expect(sh.teams[0]).not.toHaveProperty('forceType');
    expect(teamsOf(jsBase(jsTeam('JST0001', null) + jsTeam('JST0002', '') + jsTeam('JST0003', '3')).teams)).toEqual([['JST0001', undefined], ['JST0002', undefined], ['JST0003', 'SOCIAL']]);
    expect(teamsOf(zjBase([{ dwid: 'ZJDW-0001', dwmc: '一队', rs: 30, zy: null }, { dwid: 'ZJDW-0002', dwmc: '二队', rs: 30, zy: null, lllx: 'SHLL' }]).teams)).toEqual([['ZJDW-0001', undefined], ['ZJDW-0002', 'SOCIAL']]);
    expect(teamsOf(ahBase([{ dwbh: 'AHDW0001', dwmc: '一中队', rs: 30, zy: '' }, { dwbh: 'AHDW0002', dwmc: '二中队', rs: 30, zy: '', lllx: '' }]).teams)).toEqual([['AHDW0001', undefined], ['AHDW0002', undefined]]);
  });

  it('an unknown kind makes the record LEGACY_DATA_INVALID, naming the field and the code', () => {
    expect(() => shBase([{ id: 'SHT-0001', name: '一队', members: 30, specialty: null, forceType: '志愿' }])).toThrow(/unknown forceType code "志愿"/);
    expect(() => jsBase(jsTeam('JST0001', '5'))).toThrow(/unknown LLLX code "5"/);
    expect(() => zjBase([{ dwid: 'ZJDW-0001', dwmc: '一队', rs: 30, zy: null, lllx: 'SHZZ' }])).toThrow(/unknown lllx code "SHZZ"/);
    expect(() => ahBase([{ dwbh: 'AHDW0001', dwmc: '一中队', rs: 30, zy: '', lllx: '社会' }])).toThrow(LegacyDataInvalidError);
  });

  it('JS codes read as numbers by an XML parser and codes with spaces still decode', () => {
    expect(forceTypeOf('JS', 3)).toEqual({ forceType: 'SOCIAL' });
    expect(forceTypeOf('ZJ', ' shll ')).toEqual({ forceType: 'SOCIAL' });
    expect(forceTypeOf('AH', undefined)).toEqual({});
    expect(() => forceTypeOf('SH', { kind: '社会' })).toThrow(LegacyDataInvalidError);
  });
});
