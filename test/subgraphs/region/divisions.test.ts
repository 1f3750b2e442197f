import { divisionsAt } from '../../../subgraphs/region/divisions-at';
import { at, boundaryCodes, csvByCode, csvRows, data, type DivisionOut, query, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('region subgraph: provinces', () => {
  it('serves the four provinces with their codes, adcodes and names', async () => {
    const { provinces } = await data<{ provinces: { code: string; adcode: string; name: string; nameEn: string }[] }>(`{ provinces { code adcode name nameEn } }`);
    expect(provinces).toEqual([
      { code: 'SH', adcode: '310000', name: csvByCode.get('310000')?.name, nameEn: 'Shanghai' },
      { code: 'JS', adcode: '320000', name: csvByCode.get('320000')?.name, nameEn: 'Jiangsu' },
      { code: 'ZJ', adcode: '330000', name: csvByCode.get('330000')?.name, nameEn: 'Zhejiang' },
      { code: 'AH', adcode: '340000', name: csvByCode.get('340000')?.name, nameEn: 'Anhui' },
    ]);
  });

  it('lists each province’s cities and counties as the reference data has them, by adcode', async () => {
    const { provinces } = await data<{ provinces: { adcode: string; all: DivisionOut[]; cities: DivisionOut[]; counties: DivisionOut[]; provinces: DivisionOut[] }[] }>(`{
      provinces {
        adcode
        all: divisions { adcode name level province }
        cities: divisions(level: CITY) { adcode name level }
        counties: divisions(level: COUNTY) { adcode name level }
        provinces: divisions(level: PROVINCE) { adcode }
      }
    }`);
    const expected = (prefix: string, level?: string): { adcode: string; name: string; level: string }[] =>
      csvRows
        .filter((r) => r.adcode.startsWith(prefix) && r.level !== 'PROVINCE' && (level === undefined || r.level === level))
        .sort((a, b) => a.adcode.localeCompare(b.adcode))
        .map(({ adcode, name, level: l }) => ({ adcode, name, level: l }));
    for (const p of provinces) {
      const prefix = p.adcode.slice(0, 2);
      expect(p.cities).toEqual(expected(prefix, 'CITY'));
      expect(p.counties).toEqual(expected(prefix, 'COUNTY'));
      expect(p.all.map(({ adcode, name, level }) => ({ adcode, name, level }))).toEqual(expected(prefix));
      expect(p.provinces).toEqual([]);
    }
    const counts = Object.fromEntries(provinces.map((p) => [p.adcode, [p.cities.length, p.counties.length]]));
    // Shanghai's districts sit directly under the municipality: the data has no city level there.
    expect(counts['310000']).toEqual([0, 16]);
    expect(counts['320000'][0]).toBe(13);
    expect(counts['330000'][0]).toBe(11);
    expect(counts['340000'][0]).toBe(16);
    expect(provinces.reduce((n, p) => n + p.cities.length + p.counties.length, 0)).toBe(csvRows.length - 4);
  });
});

describe('region subgraph: division(adcode)', () => {
  const fields = `adcode name level province parent { adcode level } children { adcode name level } centre { lng lat }`;
  type Full = DivisionOut & { parent: { adcode: string; level: string } | null; children: DivisionOut[]; centre: { lng: number; lat: number } | null };

  it('gives a city its province as parent, its counties as children and its centre', async () => {
    const { division } = await data<{ division: Full }>(`{ division(adcode: "320500") { ${fields} } }`);
    const row = csvByCode.get('320500');
    expect(division).toMatchObject({ adcode: '320500', name: row?.name, level: 'CITY', province: 'JS', parent: { adcode: '320000', level: 'PROVINCE' } });
    expect(division.centre).toEqual({ lng: Number(row?.lng), lat: Number(row?.lat) });
    const children = csvRows.filter((r) => r.parent === '320500').sort((a, b) => a.adcode.localeCompare(b.adcode));
    expect(children.length).toBeGreaterThan(5);
    expect(division.children).toEqual(children.map((r) => ({ adcode: r.adcode, name: r.name, level: 'COUNTY' })));
  });

  it('gives a province no parent and its cities as children; a Shanghai district the municipality as parent', async () => {
    const { js, huangpu } = await data<{ js: Full; huangpu: Full }>(`{ js: division(adcode: "320000") { ${fields} } huangpu: division(adcode: "310101") { ${fields} } }`);
    expect(js.parent).toBeNull();
    expect(js.children.map((c) => c.adcode)).toEqual(csvRows.filter((r) => r.parent === '320000').map((r) => r.adcode).sort());
    expect(js.children.every((c) => c.level === 'CITY')).toBe(true);
    expect(huangpu).toMatchObject({ adcode: '310101', name: '黄浦区', level: 'COUNTY', province: 'SH', parent: { adcode: '310000', level: 'PROVINCE' }, children: [] });
  });

  it('has a null centre where the reference data has none', async () => {
    const { division } = await data<{ division: Full }>(`{ division(adcode: "320812") { ${fields} } }`);
    expect(division).toMatchObject({ adcode: '320812', name: '清江浦区', level: 'COUNTY', centre: null, parent: { adcode: '320800' } });
  });

  it('answers an abolished code with the division that took it over', async () => {
    const d = await data<Record<string, DivisionOut>>(`{
      wujiangShi: division(adcode: "320584") { adcode name level province }
      zhabei: division(adcode: "310108") { adcode name }
      jiangdong: division(adcode: "330204") { adcode name }
      juchao: division(adcode: "341402") { adcode name }
    }`);
    expect(d.wujiangShi).toEqual({ adcode: '320509', name: '吴江区', level: 'COUNTY', province: 'JS' });
    expect(d.zhabei).toEqual({ adcode: '310106', name: '静安区' });
    expect(d.jiangdong).toEqual({ adcode: '330212', name: '鄞州区' });
    expect(d.juchao).toEqual({ adcode: '340181', name: '巢湖市' });
  });

  it('answers null, without an error, for a well-formed code that is not a division of the region', async () => {
    const answer = await query<{ beijing: null; none: null }>(`{ beijing: division(adcode: "110000") { adcode } none: division(adcode: "999999") { adcode } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ beijing: null, none: null });
  });

  it.each([['3201'], ['3205090'], ['32O509'], [' 320509'], ['']])('refuses the malformed adcode %j with BAD_USER_INPUT naming the argument', async (adcode) => {
    const answer = await query<{ division: null }>(`query($a: ID!) { division(adcode: $a) { adcode } }`, { a: adcode });
    expect(answer.data).toEqual({ division: null });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]).toMatchObject({ path: ['division'], extensions: { code: 'BAD_USER_INPUT', argument: 'adcode' } });
  });
});

describe('region subgraph: divisionsAt(point)', () => {
  it.each([
    ['People’s Square, Shanghai', 121.4737, 31.2304, ['310101', '310000']],
    ['Sun Yat-sen Mausoleum, Nanjing', 118.848, 32.064, ['320102', '320100', '320000']],
    ['Humble Administrator’s Garden, Suzhou', 120.627, 31.326, ['320508', '320500', '320000']],
    ['West Lake, Hangzhou', 120.141, 30.246, ['330106', '330100', '330000']],
    ['central Hefei', 117.283, 31.861, ['340103', '340100', '340000']],
    ['Huangshan scenic area', 118.167, 30.132, ['341003', '341000', '340000']],
  ])('places %s in its county, city and province, innermost first', async (_name, lng, lat, expected) => {
    const { divisionsAt: found } = await at(lng, lat);
    expect(found.map((d) => d.adcode)).toEqual(expected);
    expect(found.map((d) => d.level)).toEqual(expected.length === 2 ? ['COUNTY', 'PROVINCE'] : ['COUNTY', 'CITY', 'PROVINCE']);
  });

  it.each([
    ['the East China Sea', 123.5, 30.0],
    ['the Yellow Sea', 122.0, 33.5],
    ['Beijing, outside the region', 116.4, 39.9],
  ])('finds nothing in %s', async (_name, lng, lat) => {
    expect((await at(lng, lat)).divisionsAt).toEqual([]);
  });

  it('places every county’s own centre in that county; the counties the boundary file lacks are listed', async () => {
    const counties = csvRows.filter((r) => r.level === 'COUNTY' && r.lng !== '');
    const withoutBoundary = csvRows.filter((r) => r.level === 'COUNTY' && !boundaryCodes.has(r.adcode)).map((r) => r.adcode);
    // 清江浦区 (created 2016) has neither centre nor polygon; 奉化 330283 has a centre but no polygon.
    expect(withoutBoundary.sort()).toEqual(['320812', '330283']);
    const fields = counties.map((r) => `c${r.adcode}: divisionsAt(point: { lng: ${r.lng}, lat: ${r.lat} }) { adcode }`).join('\n');
    const found = await data<Record<string, { adcode: string }[]>>(`{ ${fields} }`);
    const misplaced = counties
      .filter((r) => boundaryCodes.has(r.adcode))
      .filter((r) => found[`c${r.adcode}`][0]?.adcode !== r.adcode)
      .map((r) => `${r.adcode} → ${found[`c${r.adcode}`].map((d) => d.adcode).join(',')}`);
    expect(misplaced).toEqual([]);
    expect(counties.filter((r) => boundaryCodes.has(r.adcode)).length).toBe(counties.length - 1);
  });

  it('places a point of a county without a boundary in its city and province by their own boundaries', async () => {
    const fenghua = csvByCode.get('330283');
    const { divisionsAt: found } = await at(Number(fenghua?.lng), Number(fenghua?.lat));
    expect(found.map((d) => d.adcode)).toEqual(['330200', '330000']);
  });

  it.each([
    [{ lng: 121.47, lat: 91 }, 'lat'],
    [{ lng: 121.47, lat: -90.5 }, 'lat'],
    [{ lng: 181, lat: 31.23 }, 'lng'],
    [{ lng: -180.01, lat: 31.23 }, 'lng'],
  ])('refuses %j with BAD_USER_INPUT naming the argument', async (p, coordinate) => {
    const answer = await query(`query($p: GeoPointInput!) { divisionsAt(point: $p) { adcode } }`, { p });
    expect(answer.data).toBeNull();
    expect(answer.errors?.[0]).toMatchObject({ path: ['divisionsAt'], extensions: { code: 'BAD_USER_INPUT', argument: 'point' } });
    expect(answer.errors?.[0].message).toContain(`point.${coordinate}`);
  });

  it('refuses a coordinate that is not a finite number (an overflowing literal, a NaN string)', async () => {
    const literal = await query(`{ divisionsAt(point: { lng: 1e999, lat: 31.23 }) { adcode } }`);
    expect(literal.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'point' } });
    const variable = await query(`query($p: GeoPointInput!) { divisionsAt(point: $p) { adcode } }`, { p: { lng: 'NaN', lat: 31.23 } });
    expect(variable.status).toBe(400);
    expect(variable.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('looks points up by bounding boxes first: ten thousand look-ups across the region take well under two seconds', () => {
    divisionsAt({ lng: 121.4737, lat: 31.2304 });
    const started = process.hrtime.bigint();
    let found = 0;
    for (let i = 0; i < 10_000; i++) found += divisionsAt({ lng: 115 + (i % 100) * 0.08, lat: 27.5 + Math.floor(i / 100) * 0.075 }).length;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(found).toBeGreaterThan(10_000);
    expect(ms).toBeLessThan(2_000);
  });
});
