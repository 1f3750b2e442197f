/**
 * The descriptions of the contract's enums and their values: the contract's English, then a
 * Chinese line (issue 22); where the contract writes only Chinese, an English line before it, and
 * where its one line has both, that line as written. Keyed by the enum's GraphQL name; a value
 * without a line here is listed by test/schema/bilingual-descriptions.test.ts.
 */

export interface EnumDescription {
  type: string;
  values: Readonly<Record<string, string>>;
}

const both = (english: string, chinese: string): string => `${english}\n${chinese}`;

export const ENUM_DESCRIPTIONS: Readonly<Record<string, EnumDescription>> = {
  WarningEvent: {
    type: both('The hazard a warning is about.', '预警所针对的灾害类型。'),
    values: {
      TYPHOON: both('Typhoon.', '台风。'),
      RAINSTORM: both('Rainstorm.', '暴雨。'),
      BLIZZARD: both('Blizzard.', '暴雪。'),
      COLD_WAVE: both('Cold wave.', '寒潮。'),
      GALE: both('Gale.', '大风。'),
      HIGH_TEMPERATURE: both('High temperature.', '高温。'),
      THUNDERSTORM: both('Thunderstorm.', '雷暴（雷电）。'),
      FOG: both('Dense fog.', '大雾。'),
      ROAD_ICING: both('Road icing.', '道路结冰。'),
      FLOOD: both('Flood.', '洪水。'),
      GEOLOGICAL_HAZARD: both('Geological hazard (landslide, debris flow).', '地质灾害（滑坡、泥石流等）。'),
      FOREST_FIRE: both('Forest fire.', '森林火险。'),
      EARTHQUAKE: both('Earthquake.', '地震。'),
      STORM_SURGE: both('Storm surge.', '风暴潮。'),
      HAZMAT_INCIDENT: both('Hazardous-chemicals incident.', '危险化学品事故。'),
      HAIL: both('Hail.', '冰雹'),
      FROST: both('Frost.', '霜冻'),
      HAZE: both('Haze.', '霾'),
      DROUGHT: both('Drought.', '干旱'),
      FLASH_FLOOD: both('Flash flood.', '山洪'),
      URBAN_WATERLOGGING: both('Urban waterlogging.', '城市内涝'),
    },
  },
  WarningLevel: {
    type: both('The warning level, BLUE lowest to RED highest.', '预警级别，由低到高为蓝、黄、橙、红。'),
    values: {
      BLUE: both('Blue: general.', '蓝色预警（一般）。'),
      YELLOW: both('Yellow: heavier.', '黄色预警（较重）。'),
      ORANGE: both('Orange: serious.', '橙色预警（严重）。'),
      RED: both('Red: especially serious.', '红色预警（特别严重）。'),
    },
  },
  CapSeverity: {
    type: both('CAP 1.2 severity: RED Extreme, ORANGE Severe, YELLOW Moderate, BLUE Minor.', 'CAP 1.2 严重程度：红色为 Extreme，橙色为 Severe，黄色为 Moderate，蓝色为 Minor。'),
    values: {
      MINOR: both('Minor.', '轻微。'),
      MODERATE: both('Moderate.', '中等。'),
      SEVERE: both('Severe.', '严重。'),
      EXTREME: both('Extreme.', '极端。'),
    },
  },
  WarningMessageType: {
    type: both('What a warning message does (CAP msgType).', '预警消息的类型（CAP msgType）。'),
    values: {
      ALERT: both('A new warning.', '新发布的预警。'),
      UPDATE: both('Replaces the warning it supersedes.', '更新并取代其所引用的预警。'),
      CANCEL: both('Cancels the warning it supersedes.', '解除其所引用的预警。'),
    },
  },
  HazardClass: {
    type: both('The UN dangerous-goods class (GB 6944).', '联合国危险货物分类（GB 6944）。'),
    values: {
      CLASS_1: both('Class 1: explosives.', '第 1 类：爆炸品。'),
      CLASS_2_1: both('Class 2.1: flammable gases.', '第 2.1 类：易燃气体。'),
      CLASS_2_2: both('Class 2.2: non-flammable, non-toxic gases.', '第 2.2 类：非易燃无毒气体。'),
      CLASS_2_3: both('Class 2.3: toxic gases.', '第 2.3 类：毒性气体。'),
      CLASS_3: both('Class 3: flammable liquids.', '第 3 类：易燃液体。'),
      CLASS_4_1: both('Class 4.1: flammable solids.', '第 4.1 类：易燃固体。'),
      CLASS_4_2: both('Class 4.2: substances liable to spontaneous combustion.', '第 4.2 类：易于自燃的物质。'),
      CLASS_4_3: both('Class 4.3: substances that emit flammable gases in contact with water.', '第 4.3 类：遇水放出易燃气体的物质。'),
      CLASS_5_1: both('Class 5.1: oxidizing substances.', '第 5.1 类：氧化性物质。'),
      CLASS_5_2: both('Class 5.2: organic peroxides.', '第 5.2 类：有机过氧化物。'),
      CLASS_6_1: both('Class 6.1: toxic substances.', '第 6.1 类：毒性物质。'),
      CLASS_6_2: both('Class 6.2: infectious substances.', '第 6.2 类：感染性物质。'),
      CLASS_7: both('Class 7: radioactive material.', '第 7 类：放射性物质。'),
      CLASS_8: both('Class 8: corrosive substances.', '第 8 类：腐蚀性物质。'),
      CLASS_9: both('Class 9: miscellaneous dangerous substances.', '第 9 类：杂项危险物质和物品。'),
    },
  },
  PackingGroup: {
    type: both('The packing group: I great danger, II medium, III minor.', '包装类别：I 类危险性大，II 类中等，III 类小。'),
    values: {
      I: both('Great danger.', 'I 类包装：危险性大。'),
      II: both('Medium danger.', 'II 类包装：危险性中等。'),
      III: both('Minor danger.', 'III 类包装：危险性小。'),
    },
  },
  MajorHazardGrade: {
    type: both('Major hazard installation grade; GRADE_1 is the highest.', '危险化学品重大危险源等级；一级最高。'),
    values: {
      GRADE_1: both('Grade 1 (highest).', '一级重大危险源（最高）。'),
      GRADE_2: both('Grade 2.', '二级重大危险源。'),
      GRADE_3: both('Grade 3.', '三级重大危险源。'),
      GRADE_4: both('Grade 4 (lowest).', '四级重大危险源（最低）。'),
    },
  },
  WaybillStatus: {
    type: both("A waybill's trip status.", '电子运单的运输状态。'),
    values: {
      PLANNED: both('Planned, not departed yet.', '已计划，尚未出发。'),
      IN_TRANSIT: both('On the road.', '运输途中。'),
      ARRIVED: both('Arrived at the destination.', '已到达目的地。'),
      CANCELLED: both('Cancelled.', '已取消。'),
    },
  },
  RescueCapability: {
    type: both('What a rescue base or team can do.', '救援基地或队伍的专业救援能力。'),
    values: {
      HAZMAT: both('Hazardous-chemicals rescue.', '危险化学品救援。'),
      WATER: both('Water rescue.', '水上（水域）救援。'),
      EARTHQUAKE: both('Earthquake rescue.', '地震救援。'),
      FOREST_FIRE: both('Forest fire fighting.', '森林火灾扑救。'),
      AVIATION: both('Aviation rescue.', '航空救援。'),
      MINE: both('Mine rescue.', '矿山救援。'),
      MOUNTAIN: both('Mountain rescue.', '山地救援。'),
      FLOOD_CONTROL: both('Flood control.', '防汛抢险。'),
    },
  },
  BaseLevel: {
    type: both('Who runs a rescue base.', '救援基地的级别。'),
    values: {
      NATIONAL: both('A national base.', '国家级基地。'),
      PROVINCIAL: both('A provincial base.', '省级基地。'),
      CITY: both('A city base.', '市级基地。'),
      COUNTY: both('A county base.', '县级基地。'),
    },
  },
  MutualAidStatus: {
    type: both("A mutual-aid request's status in the asked province's system.", '跨省救援互助请求在被请求省份系统中的状态。'),
    values: {
      SUBMITTED: both('Received, not decided yet.', '已提交，尚未处理。'),
      ACCEPTED: both('Accepted.', '已接受。'),
      REJECTED: both('Refused.', '已拒绝。'),
      DISPATCHED: both('Teams or materials are on their way.', '队伍或物资已出发。'),
      COMPLETED: both('Done.', '已完成。'),
    },
  },
  RescueForceType: {
    type: 'The kind of force a team belongs to (应急救援力量类型).',
    values: {
      FIRE_AND_RESCUE: both('The national comprehensive fire and rescue force.', '国家综合性消防救援队伍'),
      PROFESSIONAL: both('A professional emergency rescue team.', '专业应急救援队伍'),
      SOCIAL: both('A social (volunteer) emergency force.', '社会应急力量'),
      ENTERPRISE: both("An enterprise's full-time rescue team.", '企业专职救援队'),
    },
  },
  ParkRiskGrade: {
    type: 'Chemical park safety-risk grade (化工园区安全风险等级): A highest risk … D lowest.',
    values: {
      A: both('Grade A: high safety risk.', 'A 类：高安全风险。'),
      B: both('Grade B: fairly high safety risk.', 'B 类：较高安全风险。'),
      C: both('Grade C: general safety risk.', 'C 类：一般安全风险。'),
      D: both('Grade D: low safety risk.', 'D 类：较低安全风险。'),
    },
  },
  CrewRole: {
    type: both('What a crew member of a trip does.', '运输人员的岗位。'),
    values: {
      DRIVER: both('The driver.', '驾驶员。'),
      ESCORT: both('The escort.', '押运员。'),
    },
  },
  WarningChangeKind: {
    type: both('What happened to a warning.', '预警发生的变化类型。'),
    values: {
      ISSUED: both('A new warning was issued.', '发布了新的预警。'),
      UPDATED: both('A warning was updated (a message superseded it).', '预警已更新（被新消息取代）。'),
      CANCELLED: both('A warning was cancelled.', '预警已解除。'),
      EXPIRED: both('A warning reached its expiry.', '预警已到期失效。'),
    },
  },
  HazmatTransportKind: {
    type: both('What happened to a trip that concerns the watching province.', '与关注省份相关的运输所发生的事件类型。'),
    values: {
      DEPARTED_TOWARD: both('The trip set off toward the watching province.', '运输已出发，驶向关注省份。'),
      ENTERED: both('The vehicle entered the watching province.', '车辆已进入关注省份。'),
      ARRIVED: both('The trip arrived at its destination.', '运输已到达目的地。'),
      CANCELLED: both('The trip was cancelled.', '运输已取消。'),
    },
  },
};
