import { csvByCode, data, type DivisionOut, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

type ZoneOut = { code: string; name: string; divisions: DivisionOut[] };

/** The contract's zones section (contract-v1.1.graphql), written out here as the oracle. */
const CONTRACT_ZONES: [code: string, name: string, adcodes: string[]][] = [
  ['TAIHU_SHORE', '太湖沿湖', ['320505', '320506', '320507', '320509', '320211', '320282', '320412', '330502', '330522']],
  ['NINGMA', '宁马省际毗邻地区', ['320115', '320117', '320118', '340504', '340506', '340521']],
  ['CHANGXING_GUANGDE', '长兴—广德', ['330522', '341822']],
  ['JINSHAN_PINGHU', '金山—平湖', ['310116', '330482']],
];
const PROVINCE_OF_PREFIX: Record<string, string> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };

describe('region subgraph: zones', () => {
  let zones: ZoneOut[];
  beforeAll(async () => {
    ({ zones } = await data<{ zones: ZoneOut[] }>(`{ zones { code name divisions { adcode name level province } } }`));
  });

  it('serves the demonstration zone of Qingpu, Wujiang and Jiashan first', () => {
    expect(zones[0]).toEqual({
      code: 'DEMO_ZONE',
      name: '长三角生态绿色一体化发展示范区',
      divisions: [
        { adcode: '310118', name: '青浦区', level: 'COUNTY', province: 'SH' },
        { adcode: '320509', name: '吴江区', level: 'COUNTY', province: 'JS' },
        { adcode: '330421', name: '嘉善县', level: 'COUNTY', province: 'ZJ' },
      ],
    });
  });

  it('and beside it the four zones of contract v1.1, their divisions by GB/T 2260 code as the reference data names them', () => {
    expect(zones.map((z) => z.code)).toEqual(['DEMO_ZONE', ...CONTRACT_ZONES.map(([code]) => code)]);
    for (const [code, name, adcodes] of CONTRACT_ZONES) {
      expect(zones.find((z) => z.code === code)).toEqual({
        code,
        name,
        divisions: adcodes.map((adcode) => ({ adcode, name: csvByCode.get(adcode)?.name, level: 'COUNTY', province: PROVINCE_OF_PREFIX[adcode.slice(0, 2)] })),
      });
    }
  });

  it('each of the new zones crosses a provincial border', () => {
    for (const z of zones) expect(new Set(z.divisions.map((d) => d.province)).size).toBeGreaterThan(1);
  });
});
