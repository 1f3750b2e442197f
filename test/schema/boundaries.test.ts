import { BoundaryIndex, parseBoundaries, referenceBoundaries } from '../../schema/boundaries';

const square = (minLng: number, minLat: number, size: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [[[minLng, minLat], [minLng + size, minLat], [minLng + size, minLat + size], [minLng, minLat + size], [minLng, minLat]]],
});

describe('BoundaryIndex', () => {
  const index = new BoundaryIndex([
    { adcode: '320505', level: 'COUNTY', geometry: square(120, 31, 1) },
    { adcode: '320506', level: 'COUNTY', geometry: square(121, 31, 1) },
    { adcode: '320500', level: 'CITY', geometry: square(120, 31, 2) },
  ]);

  it('finds the areas of one level that contain a point, boundaries included', () => {
    expect(index.containing({ lng: 120.5, lat: 31.5 }, 'COUNTY')).toEqual(['320505']);
    expect(index.containing({ lng: 121, lat: 31.5 }, 'COUNTY')).toEqual(['320505', '320506']);
    expect(index.containing({ lng: 120.5, lat: 31.5 }, 'CITY')).toEqual(['320500']);
    expect(index.containing({ lng: 120.5, lat: 31.5 }, 'PROVINCE')).toEqual([]);
  });

  it('finds nothing outside every area, including inside a box but outside its polygon', () => {
    const triangle = new BoundaryIndex([{ adcode: '330100', level: 'CITY', geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [0, 2], [0, 0]]] } }]);
    expect(triangle.containing({ lng: 1.5, lat: 1.5 }, 'CITY')).toEqual([]);
    expect(triangle.containing({ lng: 0.5, lat: 0.5 }, 'CITY')).toEqual(['330100']);
    expect(index.containing({ lng: 125, lat: 31.5 }, 'COUNTY')).toEqual([]);
  });
});

describe('parseBoundaries', () => {
  const feature = (adcode: string | number, geometry: GeoJSON.Geometry = square(120, 31, 1)) => ({ type: 'Feature', properties: { adcode }, geometry });

  it('indexes each feature under its division’s level, abolished codes as their successors, non-divisions left out', () => {
    const index = parseBoundaries(JSON.stringify({ type: 'FeatureCollection', features: [feature('320584'), feature(320500), feature('310100'), feature('320000')] }));
    expect(index.containing({ lng: 120.5, lat: 31.5 }, 'COUNTY')).toEqual(['320509']);
    expect(index.containing({ lng: 120.5, lat: 31.5 }, 'CITY')).toEqual(['320500']);
    expect(index.containing({ lng: 120.5, lat: 31.5 }, 'PROVINCE')).toEqual(['320000']);
  });

  it('refuses what is not a FeatureCollection of (multi)polygons with adcodes', () => {
    expect(() => parseBoundaries(JSON.stringify({ type: 'Feature' }))).toThrow(/FeatureCollection/);
    expect(() => parseBoundaries(JSON.stringify({ type: 'FeatureCollection', features: [feature('320500', { type: 'Point', coordinates: [120, 31] })] }))).toThrow(/polygon/);
    expect(() => parseBoundaries(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square(0, 0, 1) }] }))).toThrow(/adcode/);
  });

  it('holds the reference file’s 4 provinces, 40 cities and the counties it has polygons for', () => {
    const reference = referenceBoundaries();
    expect([reference.size('PROVINCE'), reference.size('CITY'), reference.size('COUNTY')]).toEqual([4, 40, 304]);
  });
});
