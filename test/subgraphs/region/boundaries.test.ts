import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { fromWgs84 } from '../../../schema/datum';
import type { GeoPoint } from '../../../schema/model';
import { ABOLISHED_ADCODES } from '../../../schema/geography';
import { boundaryCodes, csvRows, data, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

/** AdminDivision.boundary: valid GeoJSON for every division served, containing the division's centre. */

interface Served {
  adcode: string;
  level: string;
  centre: GeoPoint | null;
  boundary: Polygon | MultiPolygon | null;
}

const SERVED = `adcode level centre { lng lat } boundary`;

async function everyDivision(): Promise<Served[]> {
  const { provinces } = await data<{ provinces: { adcode: string; divisions: Served[] }[] }>(`{ provinces { adcode divisions { ${SERVED} } } }`);
  const themselves = await Promise.all(
    provinces.map(async ({ adcode }) => (await data<{ division: Served }>(`query($a: ID!) { division(adcode: $a) { ${SERVED} } }`, { a: adcode })).division),
  );
  return [...themselves, ...provinces.flatMap((p) => p.divisions)];
}

function ringsOf(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** What RFC 7946 asks of a (multi)polygon, as a list of faults (empty when valid). */
function faults(geometry: Polygon | MultiPolygon): string[] {
  const found: string[] = [];
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return [`type ${String((geometry as { type: unknown }).type)}`];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (polygons.length === 0 || polygons.some((rings) => rings.length === 0)) found.push('a polygon without rings');
  for (const ring of ringsOf(geometry)) {
    if (ring.length < 4) found.push(`a ring of ${ring.length} positions`);
    const [first, last] = [ring[0], ring[ring.length - 1]];
    if (first[0] !== last[0] || first[1] !== last[1]) found.push('an open ring');
    for (const position of ring) {
      if (position.length !== 2 || !position.every(Number.isFinite)) found.push(`position ${JSON.stringify(position)}`);
      const [lng, lat] = position;
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) found.push(`out of range ${lng},${lat}`);
    }
  }
  return found;
}

describe('region subgraph: boundaries', () => {
  let divisions: Served[];
  beforeAll(async () => {
    divisions = await everyDivision();
  });
  const withBoundary = () => divisions.filter((d) => d.boundary !== null);

  it('serves a boundary for every division the boundary file holds (itself or an abolished predecessor), null for the two it lacks', () => {
    expect(divisions.map((d) => d.adcode).sort()).toEqual(csvRows.map((r) => r.adcode).sort());
    const inFile = (adcode: string) => boundaryCodes.has(adcode) || [...ABOLISHED_ADCODES].some(([old, successor]) => successor === adcode && boundaryCodes.has(old));
    const lacking = csvRows.filter((r) => !inFile(r.adcode)).map((r) => r.adcode);
    expect(lacking).toEqual(['320812', '330283']);
    expect(divisions.filter((d) => d.boundary === null).map((d) => d.adcode).sort()).toEqual(lacking);
  });

  it('answers valid GeoJSON geometries: (multi)polygons, closed rings of four positions or more, lng/lat in range', () => {
    const invalid = withBoundary().flatMap((d) => faults(d.boundary as Polygon | MultiPolygon).map((f) => `${d.adcode}: ${f}`));
    expect(invalid).toEqual([]);
    expect(new Set(withBoundary().map((d) => d.boundary?.type))).toEqual(new Set(['Polygon', 'MultiPolygon']));
  });

  it("contains the division's centre, for every division with one", () => {
    const withCentre = withBoundary().filter((d) => d.centre !== null);
    expect(withCentre.length).toBeGreaterThan(300);
    const outside = withCentre.filter((d) => !booleanPointInPolygon([d.centre!.lng, d.centre!.lat], d.boundary as Polygon | MultiPolygon));
    expect(outside.map((d) => d.adcode)).toEqual([]);
  });

  it("holds its counties: a city's and a province's boundary contain the centres of the counties inside them", () => {
    const outer = divisions.filter((d) => d.level !== 'COUNTY');
    const missed = outer.flatMap((o) =>
      divisions
        .filter((c) => c.level === 'COUNTY' && c.centre !== null && c.adcode.startsWith(o.adcode.slice(0, o.level === 'PROVINCE' ? 2 : 4)))
        .filter((c) => !booleanPointInPolygon([c.centre!.lng, c.centre!.lat], o.boundary as Polygon | MultiPolygon))
        .map((c) => `${c.adcode} outside ${o.adcode}`),
    );
    expect(outer.length).toBe(44);
    expect(missed).toEqual([]);
  });

  it('converts centre and boundary to the datum asked for', async () => {
    const { division } = await data<{ division: { centre: GeoPoint; gcj: GeoPoint; bd: GeoPoint; boundary: Polygon | MultiPolygon; gcjBoundary: Polygon | MultiPolygon } }>(
      `{ division(adcode: "310101") { centre { lng lat } gcj: centre(datum: GCJ02) { lng lat } bd: centre(datum: BD09) { lng lat } boundary gcjBoundary: boundary(datum: GCJ02) } }`,
    );
    expect(division.gcj).toEqual(fromWgs84(division.centre, 'GCJ02'));
    expect(division.bd).toEqual(fromWgs84(division.centre, 'BD09'));
    const [lng, lat] = ringsOf(division.boundary)[0][0];
    const converted = fromWgs84({ lng, lat }, 'GCJ02');
    expect(ringsOf(division.gcjBoundary)[0][0]).toEqual([converted.lng, converted.lat]);
    expect(faults(division.gcjBoundary)).toEqual([]);
  });
});
