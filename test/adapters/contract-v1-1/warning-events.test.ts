import { mapWarning as mapAhWarning } from '../../../adapters/anhui/map-warning';
import { parseAnswer } from '../../../adapters/jiangsu/envelope';
import { mapWarning as mapJsWarning } from '../../../adapters/jiangsu/map-warning';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { decodeSignal } from '../../../adapters/kit/warning-signal';
import { mapWarning as mapShWarning } from '../../../adapters/shanghai/map';
import { mapWarning as mapZjWarning } from '../../../adapters/zhejiang/map';
import { WARNING_LEVELS, type WarningEvent, type WarningLevel } from '../../../schema/model';

/**
 * The six warning events of the systems' 2026 releases in each system's code table, and their
 * GB/T 27962 colours (legacy-apis/additions-v1.1.md): a colour outside the event's set is invalid.
 */

const NEW_EVENTS: [WarningEvent, sh: string, js: string, zj: string, ah: string, colours: WarningLevel[]][] = [
  ['HAIL', '冰雹', '21', 'BB', '冰雹预警', ['ORANGE', 'RED']],
  ['FROST', '霜冻', '22', 'SD', '霜冻预警', ['BLUE', 'YELLOW', 'ORANGE']],
  ['HAZE', '霾', '23', 'M', '霾预警', ['YELLOW', 'ORANGE', 'RED']],
  ['DROUGHT', '干旱', '24', 'GH', '干旱预警', ['ORANGE', 'RED']],
  ['FLASH_FLOOD', '山洪', '25', 'SH', '山洪预警', ['BLUE', 'YELLOW', 'ORANGE', 'RED']],
  ['URBAN_WATERLOGGING', '城市内涝', '26', 'CSNL', '城市内涝预警', ['BLUE', 'YELLOW', 'ORANGE', 'RED']],
];

const SH_COLOUR: Record<WarningLevel, string> = { BLUE: '蓝色', YELLOW: '黄色', ORANGE: '橙色', RED: '红色' };
const JS_LEVEL: Record<WarningLevel, string> = { BLUE: 'IV', YELLOW: 'III', ORANGE: 'II', RED: 'I' };
const ZJ_LEVEL: Record<WarningLevel, number> = { BLUE: 1, YELLOW: 2, ORANGE: 3, RED: 4 };
const AH_LEVEL: Record<WarningLevel, number> = { BLUE: 4, YELLOW: 3, ORANGE: 2, RED: 1 };

const sh = (type: string, level: WarningLevel) => mapShWarning({
  id: 'SHW-20260712-0031', type, color: SH_COLOUR[level], msgType: 'Alert', title: '上海中心气象台预警', content: '…', guide: null,
  publisher: '上海中心气象台', publishTime: '2026-07-12T08:30:00+08:00', effectiveTime: '2026-07-12T09:00:00+08:00',
  expireTime: null, districts: ['310116'], updatedAt: '2026-07-12T08:31:02+08:00',
});
const js = (type: string, level: WarningLevel) => mapJsWarning(parseAnswer(Buffer.from(
  `<Response><Code>0</Code><Message>成功</Message><Total>1</Total><Data><Row><WARN_ID>JSW2026071200045</WARN_ID><WARN_TYPE>${type}</WARN_TYPE>` +
  `<WARN_LEVEL>${JS_LEVEL[level]}</WARN_LEVEL><TITLE>t</TITLE><CONTENT>c</CONTENT><DEFENSE_GUIDE/><ISSUE_ORG>苏州市气象台</ISSUE_ORG><ISSUE_TIME>20260712083000</ISSUE_TIME>` +
  '<START_TIME>20260712090000</START_TIME><END_TIME/><AREA_CODES>320505</AREA_CODES><MSG_TYPE>1</MSG_TYPE><REF_WARN_ID/><UPDATE_TIME>20260712083102</UPDATE_TIME></Row></Data></Response>',
), 'test').rows[0]);
const zj = (yjlx: string, level: WarningLevel) => mapZjWarning({
  yjid: 'ZJYJ-330500-20260712-006', yjlx, yjjb: ZJ_LEVEL[level], xxlx: 'ALERT', glyjid: null, bt: '湖州市预警', nr: '…', fyzn: null,
  fbdw: '湖州市气象台', fbsj: 1783816200000, sxsj: 1783818000000, jssj: null, qhdm: ['330522'], gxsj: 1783816262000,
});
const ah = (yjlx: string, level: WarningLevel) => mapAhWarning({
  ID: 20260712045, YJLX: yjlx, YJJB: AH_LEVEL[level], XXLX: '发布', GLID: null, BT: '宣城市预警', NR: '…', FYZN: '', FBDW: '宣城市气象台',
  FBSJ: '2026/07/12 08:30', SXSJ: '2026-07-12 09:00:00', JSSJ: '', YXQY: '341822', GXSJ: '2026-07-12 08:31:02',
});

describe('the six warning events of the 2026 releases', () => {
  it.each(NEW_EVENTS)('%s in every system, in each of its colours', (event, shCode, jsCode, zjCode, ahCode, colours) => {
    for (const level of colours) {
      for (const mapped of [sh(shCode, level), js(jsCode, level), zj(zjCode, level), ah(ahCode, level)]) {
        expect({ event: mapped.event, level: mapped.level }).toEqual({ event, level });
      }
    }
  });

  it.each(NEW_EVENTS)('%s in a colour outside its GB/T 27962 set is LEGACY_DATA_INVALID in every system', (event, shCode, jsCode, zjCode, ahCode, colours) => {
    const outside = WARNING_LEVELS.filter((l) => !colours.includes(l));
    for (const level of outside) {
      for (const map of [() => sh(shCode, level), () => js(jsCode, level), () => zj(zjCode, level), () => ah(ahCode, level)]) {
        expect(map).toThrow(LegacyDataInvalidError);
        expect(map).toThrow(`${event} warnings have no ${level} signal (GB/T 27962)`);
      }
    }
  });

  it('Jiangsu numbers them 21–26 (16–20 are not codes), as numbers too', () => {
    expect(decodeSignal('JS', 21, 'I')).toEqual({ event: 'HAIL', level: 'RED' });
    for (const code of ['16', '17', '20', '27']) expect(() => decodeSignal('JS', code, 'I')).toThrow(/unknown WARN_TYPE/);
  });

  it('the events before the release keep their colour sets too: no blue high-temperature signal', () => {
    expect(() => sh('高温', 'BLUE')).toThrow('HIGH_TEMPERATURE warnings have no BLUE signal (GB/T 27962)');
    expect(sh('台风', 'BLUE')).toMatchObject({ event: 'TYPHOON', level: 'BLUE' });
  });
});
