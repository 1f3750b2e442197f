import {
  ABOLISHED_ADCODES,
  ancestors,
  childrenOf,
  division,
  divisions,
  haversineKm,
  isWithin,
  parseDivisionsCsv,
  provinceOfAdcode,
  successorOf,
} from '../../../schema/geography';

describe('divisions', () => {
  it('loads the region: 4 provinces, 40 cities and the current county-level divisions', () => {
    const all = [...divisions().values()];
    expect(all.filter((d) => d.level === 'PROVINCE').map((d) => d.adcode).sort()).toEqual(['310000', '320000', '330000', '340000']);
    expect(all.filter((d) => d.level === 'CITY')).toHaveLength(40);
    expect(all.filter((d) => d.level === 'COUNTY').length).toBeGreaterThan(300);
  });

  it('gives each division its province by adcode prefix, parent and WGS-84 centre', () => {
    expect(division('310118')).toEqual({
      adcode: '310118', name: '青浦区', level: 'COUNTY', parent: '310000', province: 'SH', centre: { lng: 121.11958, lat: 31.15257 },
    });
    expect(division('320500')).toMatchObject({ name: '苏州市', level: 'CITY', parent: '320000', province: 'JS' });
    expect(division('340000')).toMatchObject({ level: 'PROVINCE', parent: null, province: 'AH' });
  });

  it('has a null centre where the reference data has none', () => {
    expect(division('320812')).toMatchObject({ name: '清江浦区', centre: null });
  });

  it('leaves out abolished codes still in the file', () => {
    expect(division('330204')).toBeUndefined();
    expect(divisions().has('330212')).toBe(true);
  });

  it('is loaded once', () => {
    expect(divisions()).toBe(divisions());
  });
});

describe('abolished codes', () => {
  it('each name a current division as successor, and none is itself current', () => {
    for (const [old, successor] of ABOLISHED_ADCODES) {
      expect(divisions().has(successor)).toBe(true);
      expect(divisions().has(old)).toBe(false);
      expect(provinceOfAdcode(old)).toBe(provinceOfAdcode(successor));
    }
  });

  it('map to their successors and leave other codes alone', () => {
    expect(successorOf('310108')).toBe('310106');
    expect(successorOf('330204')).toBe('330212');
    expect(successorOf('310118')).toBe('310118');
  });
});

describe('hierarchy', () => {
  it('lists ancestors innermost first, without the division itself', () => {
    expect(ancestors('320509')).toEqual(['320500', '320000']);
    expect(ancestors('310118')).toEqual(['310000']);
    expect(ancestors('320000')).toEqual([]);
    expect(ancestors('999999')).toEqual([]);
  });

  it('tells whether a division lies within another or is it', () => {
    expect(isWithin('320509', '320500')).toBe(true);
    expect(isWithin('320509', '320000')).toBe(true);
    expect(isWithin('320509', '320509')).toBe(true);
    expect(isWithin('320509', '310000')).toBe(false);
    expect(isWithin('320000', '320509')).toBe(false);
  });

  it('lists the direct children by adcode', () => {
    const suzhou = childrenOf('320500').map((d) => d.adcode);
    expect(suzhou).toContain('320509');
    expect(suzhou).toEqual([...suzhou].sort());
    expect(childrenOf('320000')).toHaveLength(13);
    expect(childrenOf('320509')).toEqual([]);
  });
});

describe('haversineKm', () => {
  it('measures great-circle distances', () => {
    expect(haversineKm({ lng: 121.4737, lat: 31.2304 }, { lng: 121.4737, lat: 31.2304 })).toBe(0);
    // one degree of latitude is about 111.2 km
    expect(haversineKm({ lng: 120, lat: 30 }, { lng: 120, lat: 31 })).toBeCloseTo(111.19, 1);
    // Shanghai People's Square to Nanjing Xinjiekou: about 270 km
    const d = haversineKm({ lng: 121.4737, lat: 31.2304 }, { lng: 118.7969, lat: 32.0603 });
    expect(d).toBeGreaterThan(260);
    expect(d).toBeLessThan(280);
  });
});

describe('parseDivisionsCsv', () => {
  it('reads lower-case levels, a BOM and CRLF line ends', () => {
    const csv = '\uFEFFadcode,name,level,parent,province,city,wgs84_lng,wgs84_lat\r\n330000,浙江省,province,,浙江省,,120.1,30.2\r\n';
    expect(parseDivisionsCsv(csv).get('330000')).toEqual({
      adcode: '330000', name: '浙江省', level: 'PROVINCE', parent: null, province: 'ZJ', centre: { lng: 120.1, lat: 30.2 },
    });
  });
});
