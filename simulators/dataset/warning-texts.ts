import type { WarningEvent, WarningLevel } from '../../schema/model';
import { EVENT_COLOURS } from '../../schema/warning-colours';
import type { Rng } from './prng';

/** The Chinese words and the templates that warning texts are written from. */

export const EVENT_NAMES: Record<WarningEvent, string> = {
  TYPHOON: '台风', RAINSTORM: '暴雨', BLIZZARD: '暴雪', COLD_WAVE: '寒潮', GALE: '大风', HIGH_TEMPERATURE: '高温',
  THUNDERSTORM: '雷电', FOG: '大雾', ROAD_ICING: '道路结冰', FLOOD: '洪水', GEOLOGICAL_HAZARD: '地质灾害',
  FOREST_FIRE: '森林火险', EARTHQUAKE: '地震', STORM_SURGE: '风暴潮', HAZMAT_INCIDENT: '危化品事故',
  HAIL: '冰雹', FROST: '霜冻', HAZE: '霾', DROUGHT: '干旱', FLASH_FLOOD: '山洪', URBAN_WATERLOGGING: '城市内涝',
};

export const LEVEL_COLOURS: Record<WarningLevel, string> = { BLUE: '蓝色', YELLOW: '黄色', ORANGE: '橙色', RED: '红色' };

/** The colours each warning signal has (GB/T 27962 and the provinces' own signals). */
export const EVENT_LEVELS: Record<WarningEvent, readonly WarningLevel[]> = EVENT_COLOURS;

const TYPHOON_NAMES = ['烟花', '梅花', '灿都', '轩岚诺', '杜苏芮', '卡努', '海葵', '格美', '贝碧嘉', '普拉桑', '康妮', '竹节草'];
const RIVERS = ['太湖', '京杭运河', '太浦河', '淮河', '新安江', '钱塘江', '长江', '滁河', '水阳江', '苕溪'];
const LEAKS = ['氯气', '液氨', '苯', '甲醇', '液化石油气', '硫酸'];

type Describe = (rng: Rng, place: string, extra: { park?: string }) => string;

const DESCRIPTIONS: Record<WarningEvent, Describe> = {
  TYPHOON: (r, place) =>
    `今年第${r.int(3, 18)}号台风“${r.pick(TYPHOON_NAMES)}”的中心预计${r.pick([12, 24, 36])}小时内将影响${place}，沿海海面和陆地将出现${r.int(8, 11)}级大风，阵风${r.int(11, 14)}级，并伴有暴雨到大暴雨。`,
  RAINSTORM: (r, place) =>
    `受${r.pick(['梅雨带', '低涡切变线', '强对流云团', '台风外围云系'])}影响，预计未来${r.pick([3, 6, 12])}小时内${place}将出现${r.pick([50, 80, 100, 150])}毫米以上降水，局部伴有短时强降水和雷雨大风。`,
  BLIZZARD: (r, place) =>
    `受强冷空气和暖湿气流共同影响，预计未来${r.pick([12, 24])}小时内${place}将出现降雪量${r.pick([4, 6, 10])}毫米以上的降雪，积雪深度可达${r.int(5, 20)}厘米。`,
  COLD_WAVE: (r, place) =>
    `受强冷空气影响，预计未来48小时内${place}最低气温将下降${r.int(8, 14)}℃以上，最低气温降至${r.int(-8, 2)}℃，并伴有${r.int(5, 7)}级偏北大风。`,
  GALE: (r, place) =>
    `预计未来${r.pick([12, 24])}小时内${place}将出现平均风力${r.int(6, 8)}级以上、阵风${r.int(8, 10)}级以上的大风天气，沿江沿海地区风力更大。`,
  HIGH_TEMPERATURE: (r, place) => `受副热带高压控制，预计未来${r.int(2, 5)}天${place}日最高气温将升至${r.pick([35, 37, 38, 40])}℃以上。`,
  THUNDERSTORM: (r, place) =>
    `${place}上空有强雷暴云团发展，预计未来${r.pick([2, 3, 6])}小时内将出现雷电活动，并可能伴有短时强降水、雷雨大风或冰雹。`,
  FOG: (r, place) => `目前${place}已出现能见度小于${r.pick([500, 200, 50])}米的浓雾，预计未来${r.pick([6, 12])}小时内仍将持续，部分路段能见度不足100米。`,
  ROAD_ICING: (r, place) =>
    `受雨雪天气和气温下降影响，预计未来${r.pick([12, 24])}小时内${place}路面温度将降至0℃以下，将出现${r.pick(['对交通有影响的', '严重影响交通的'])}道路结冰。`,
  FLOOD: (r, place) =>
    `受持续强降雨影响，${r.pick(RIVERS)}水位持续上涨，预计${place}沿线站点将超过警戒水位${r.pick(['0.2', '0.35', '0.5', '0.8'])}米。`,
  GEOLOGICAL_HAZARD: (r, place) =>
    `受前期持续降雨影响，${place}山区发生崩塌、滑坡、泥石流等地质灾害的风险${r.pick(['较高', '高', '很高'])}。`,
  FOREST_FIRE: (r, place) =>
    `近期${place}晴热少雨、气温偏高、空气干燥，林区可燃物干燥，森林火险气象等级达${r.int(3, 5)}级，极易发生森林火灾。`,
  EARTHQUAKE: (r, place) =>
    `据中国地震台网测定，${place}附近发生${(r.int(35, 52) / 10).toFixed(1)}级地震，震源深度${r.int(5, 15)}千米，可能引发余震及次生灾害。`,
  STORM_SURGE: (r, place) =>
    `受台风和天文大潮共同影响，预计${place}沿海将出现${r.int(80, 250)}厘米的风暴增水，沿海主要潮位站将出现超过警戒潮位的高潮位。`,
  HAZMAT_INCIDENT: (r, place, { park }) =>
    `${park ?? place}内一企业发生${r.pick(LEAKS)}泄漏，可能对${place}周边${r.int(1, 5)}公里范围内的空气质量和人员安全造成影响。`,
  HAIL: (r, place) =>
    `${place}上空有强对流云团发展，预计未来${r.pick([2, 3, 6])}小时内将出现直径${r.pick([10, 20, 30])}毫米以上的冰雹，并伴有雷雨大风。`,
  FROST: (r, place) =>
    `受冷空气影响，预计未来${r.pick([24, 48])}小时内${place}地面最低温度将降至${r.int(-3, 0)}℃以下，对农业将产生${r.pick(['影响', '较大影响'])}。`,
  HAZE: (r, place) =>
    `受静稳天气影响，预计未来${r.pick([12, 24])}小时内${place}将出现能见度小于${r.pick([3000, 2000, 1000])}米的霾，PM2.5浓度将达${r.int(150, 300)}微克/立方米。`,
  DROUGHT: (r, place) =>
    `${place}近${r.int(30, 60)}天降水较常年同期偏少${r.int(5, 8)}成，气象干旱综合指数达${r.pick(['重旱', '特旱'])}等级，且干旱将持续。`,
  FLASH_FLOOD: (r, place) =>
    `受强降雨影响，预计未来${r.pick([3, 6, 12])}小时内${place}山区小流域发生山洪灾害的可能性${r.pick(['较大', '大', '很大'])}，请山洪沟道周边群众注意防范。`,
  URBAN_WATERLOGGING: (r, place) =>
    `受短时强降水影响，预计未来${r.pick([1, 3, 6])}小时内${place}城区低洼路段、下穿通道等易涝点积水深度可达${r.pick([15, 30, 50])}厘米以上。`,
};

const INSTRUCTIONS: Record<WarningEvent, string> = {
  TYPHOON: '政府及相关部门按照职责做好防台风应急工作；停止室内外大型集会和高空等户外危险作业；相关水域水上作业和过往船舶采取积极措施，加固港口设施，防止船舶走锚、搁浅和碰撞；加固或者拆除易被风吹动的搭建物，人员切勿随意外出。',
  RAINSTORM: '政府及相关部门按照职责做好防暴雨应急工作；切断有危险的室外电源，暂停户外作业；处于危险地带的单位应当停课、停业；做好城市、农田的排涝，注意防范可能引发的山洪、滑坡、泥石流等灾害。',
  BLIZZARD: '政府及有关部门按照职责做好防雪灾和防冻害应急工作；交通、铁路、电力、通信等部门应当加强道路、铁路、线路巡查维护，做好道路清扫和积雪融化工作；减少不必要的户外活动；加固棚架等易被雪压的临时搭建物。',
  COLD_WAVE: '政府及有关部门按照职责做好防寒潮应急工作；注意添衣保暖，照顾好老、弱、病人；对牲畜、家禽和农作物等采取防寒措施；做好防风工作。',
  GALE: '政府及相关部门按照职责做好防大风工作；关好门窗，加固围板、棚架、广告牌等易被风吹动的搭建物；停止露天集体活动和高空等户外危险作业；相关水域水上作业和过往船舶采取积极应对措施。',
  HIGH_TEMPERATURE: '有关部门和单位按照职责做好防暑降温工作；午后尽量减少户外活动；对老、弱、病、幼人群提供防暑降温指导；户外露天作业人员采取必要的防护措施；危险化学品储存场所注意降温防爆。',
  THUNDERSTORM: '政府及相关部门按照职责落实防雷应急措施；人员应当留在室内，并关好门窗；户外人员应当躲入有防雷设施的建筑物或者汽车内；切断危险电源，不要在树下、电杆下、塔吊下避雨。',
  FOG: '有关部门和单位按照职责做好防雾工作；机场、高速公路、轮渡码头等单位加强调度指挥；驾驶人员必须严格控制车、船的行进速度；减少户外活动。',
  ROAD_ICING: '交通、公安等部门按照职责做好道路结冰应对工作；驾驶人员应当注意路况，安全行驶；行人出门注意防滑；危险货物运输车辆减速慢行或者暂停上路。',
  FLOOD: '防汛部门加强巡堤查险，做好抢险队伍和物资准备；沿河沿湖低洼地区人员及时转移；停止在河道、湖区内的一切作业和水上活动；危险化学品企业做好防淹防渗漏措施。',
  GEOLOGICAL_HAZARD: '各地加强地质灾害隐患点巡查和监测，发现险情及时组织受威胁群众转移避险；山区群众减少外出，远离陡坡、沟谷；过往车辆注意落石。',
  FOREST_FIRE: '林区严禁一切野外用火，严格控制火源；加强巡山护林和火情监测，森林消防队伍进入待命状态；发现火情立即报告。',
  EARTHQUAKE: '请公众保持冷静，远离建筑物、高压线和危险化学品储存设施；不要乘坐电梯；留意官方发布的余震信息，不信谣不传谣。',
  STORM_SURGE: '沿海地区做好防潮工作，加固海堤、闸门；海上作业人员和船只回港避风；沿海低洼地区人员及时转移；港区危险化学品储罐做好防护。',
  HAZMAT_INCIDENT: '周边居民关闭门窗，减少外出，必要时按指引向上风向疏散；车辆绕行事故区域；非救援人员不得进入警戒区。',
  HAIL: '政府及相关部门按照职责做好防冰雹应急工作；户外行人立即到安全的地方暂避；驱赶家禽、牲畜进入有顶蓬的场所，妥善保护易受冰雹袭击的汽车等室外物品；危险化学品运输车辆就近停靠安全地点。',
  FROST: '政府及农林主管部门按照职责做好防霜冻应急工作；农村基层组织要广泛发动群众防灾抗灾；对农作物、蔬菜、花卉、瓜果、林业育种要采取覆盖、喷洒防冻液等措施。',
  HAZE: '政府及相关部门按照职责做好防霾工作；驾驶人员小心驾驶；减少户外活动，呼吸道疾病患者尽量避免外出；排放大气污染物的企业按要求限产停产。',
  DROUGHT: '有关部门和单位按照职责做好防御干旱的应急工作；启用应急备用水源，调度辖区内一切可用水源，优先保障城乡居民生活用水和牲畜饮水；压减城镇供水指标，限制高耗水行业用水；加强森林防火。',
  FLASH_FLOOD: '山洪沟道、低洼地带和危险区域的人员及时转移到安全地带；暂停山区户外活动；过往车辆不要涉水通过漫水路段；基层防汛责任人加强巡查，发现险情立即报告。',
  URBAN_WATERLOGGING: '排水部门做好排涝抢险准备，及时清理雨水口；车辆绕开积水路段，不要驶入下穿通道和低洼积水区域；地下空间做好挡水措施；行人远离井盖和电力设施。',
};

export function describe(rng: Rng, event: WarningEvent, place: string, park?: string): string {
  return DESCRIPTIONS[event](rng, place, { park });
}

export function instructionFor(event: WarningEvent): string {
  return INSTRUCTIONS[event];
}
