import gcoord from 'gcoord';
import { DATUM_ROUND_TRIP_ERROR_M, convertDatum, fromWgs84, geometryFromWgs84, toWgs84, type Datum } from '../../schema/datum';
import { divisions, haversineKm } from '../../schema/geography';
import type { GeoPoint } from '../../schema/model';
import { loadDataset } from '../support/test-dataset';
import { TEST_NOW } from '../support/federation';

/**
 * The datum conversions' error, measured: the figure the Datum enum's description documents is the
 * largest round-trip distance over the region, and every round trip stays within 1 m.
 */

const OFFSET_DATUMS: readonly Datum[] = ['GCJ02', 'BD09'];
const roundTripM = (p: GeoPoint, datum: Datum): number => haversineKm(p, toWgs84(fromWgs84(p, datum), datum)) * 1000;
const worstRoundTripM = (points: readonly GeoPoint[], datum: Datum): number => points.reduce((worst, p) => Math.max(worst, roundTripM(p, datum)), 0);

function dataSetPoints(): GeoPoint[] {
  const ds = loadDataset({ seed: 'test', now: TEST_NOW, scale: 1 });
  return [
    ...[...divisions().values()].flatMap((d) => (d.centre ? [d.centre] : [])),
    ...ds.enterprises.flatMap((e) => (e.location ? [e.location] : [])),
    ...ds.bases.flatMap((b) => (b.location ? [b.location] : [])),
    ...ds.trackPoints.map((t) => t.location),
  ];
}

/** The region's bounding box (lng 114.8–123, lat 27–35.2) on a grid of `step` degrees. */
function regionGrid(step: number): GeoPoint[] {
  const points: GeoPoint[] = [];
  for (let lng = 114.8; lng <= 123; lng += step) for (let lat = 27; lat <= 35.2; lat += step) points.push({ lng, lat });
  return points;
}

describe('datum conversions', () => {
  const points = dataSetPoints();

  it.each(OFFSET_DATUMS)('round trips through %s stay within the documented error (under 1 m) at every point of the data set', (datum) => {
    expect(points.length).toBeGreaterThan(1000);
    const worst = worstRoundTripM(points, datum);
    expect(worst).toBeLessThanOrEqual(DATUM_ROUND_TRIP_ERROR_M[datum]);
    expect(DATUM_ROUND_TRIP_ERROR_M[datum]).toBeLessThan(1);
  });

  it.each(OFFSET_DATUMS)('the documented %s error is the measured worst case over the region, not a loose bound', (datum) => {
    const worst = worstRoundTripM(regionGrid(0.02), datum);
    expect(worst).toBeLessThanOrEqual(DATUM_ROUND_TRIP_ERROR_M[datum]);
    expect(worst).toBeGreaterThan(DATUM_ROUND_TRIP_ERROR_M[datum] * 0.75);
  });

  it('shifts points of the region by the hundreds of metres the offsets are known for', () => {
    const shanghai = { lng: 121.4737, lat: 31.2304 };
    const gcjShift = haversineKm(shanghai, fromWgs84(shanghai, 'GCJ02')) * 1000;
    const bdShift = haversineKm(shanghai, fromWgs84(shanghai, 'BD09')) * 1000;
    expect(gcjShift).toBeGreaterThan(300);
    expect(gcjShift).toBeLessThan(700);
    expect(bdShift).toBeGreaterThan(gcjShift);
  });

  it('leaves WGS-84 alone, and GCJ-02 outside China (its bounding box) unchanged, as the algorithm defines', () => {
    const shanghai = { lng: 121.4737, lat: 31.2304 };
    expect(fromWgs84(shanghai, 'WGS84')).toEqual(shanghai);
    expect(toWgs84(shanghai, null)).toEqual(shanghai);
    for (const outside of [{ lng: 139.6917, lat: 35.6895 }, { lng: -0.1276, lat: 51.5072 }, { lng: 151.2093, lat: -33.8688 }]) {
      expect(fromWgs84(outside, 'GCJ02')).toEqual(outside);
      expect(toWgs84(outside, 'GCJ02')).toEqual(outside);
    }
  });

  it("applies Baidu's BD-09 offset everywhere, outside China too (on top of an unchanged GCJ-02), and still round trips", () => {
    const tokyo = { lng: 139.6917, lat: 35.6895 };
    const bd = fromWgs84(tokyo, 'BD09');
    const [lng, lat] = gcoord.transform<[number, number]>([tokyo.lng, tokyo.lat], gcoord.GCJ02, gcoord.BD09);
    expect(bd).toEqual({ lng, lat });
    expect(haversineKm(tokyo, bd) * 1000).toBeGreaterThan(100);
    expect(roundTripM(tokyo, 'BD09')).toBeLessThan(1);
  });

  it('converts between the two offset datums directly as through WGS-84', () => {
    const p = { lng: 118.7969, lat: 32.0603 };
    const direct = convertDatum(fromWgs84(p, 'GCJ02'), 'GCJ02', 'BD09');
    expect(haversineKm(direct, fromWgs84(p, 'BD09')) * 1000).toBeLessThan(0.01);
  });

  it('converts every position of a geometry, leaving the WGS-84 original as it was', () => {
    const polygon: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[121, 31], [121.1, 31], [121.1, 31.1], [121, 31]]] };
    const copy = structuredClone(polygon);
    const gcj = geometryFromWgs84(polygon, 'GCJ02');
    expect(polygon).toEqual(copy);
    expect(gcj.coordinates[0]).toEqual(polygon.coordinates[0].map(([lng, lat]) => {
      const q = fromWgs84({ lng, lat }, 'GCJ02');
      return [q.lng, q.lat];
    }));
    expect(geometryFromWgs84(polygon, 'WGS84')).toBe(polygon);
  });
});
