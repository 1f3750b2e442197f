export interface ZoneDefinition {
  code: string;
  name: string;
  adcodes: readonly string[];
}

/** Named groups of divisions that cross provincial borders. */
export const ZONES: readonly ZoneDefinition[] = [
  {
    code: 'DEMO_ZONE',
    name: '长三角生态绿色一体化发展示范区',
    adcodes: ['310118', '320509', '330421'], // 青浦区, 吴江区, 嘉善县
  },
];
