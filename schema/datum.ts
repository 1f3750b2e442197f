import gcoord from 'gcoord';
import type { GeoPoint } from './model';

/**
 * The datums in which the API gives and takes coordinates: WGS-84 (the contract's own, GPS),
 * GCJ-02 (the obfuscated datum that AMap, Tencent and other maps licensed in China use) and
 * BD-09 (Baidu's offset on top of GCJ-02). Every record is held in WGS-84; conversion happens
 * at the edge, in the subgraph that serves the field.
 */
export const DATUMS = ['WGS84', 'GCJ02', 'BD09'] as const;
export type Datum = (typeof DATUMS)[number];

const CRS: Readonly<Record<Datum, typeof gcoord.WGS84 | typeof gcoord.GCJ02 | typeof gcoord.BD09>> = {
  WGS84: gcoord.WGS84,
  GCJ02: gcoord.GCJ02,
  BD09: gcoord.BD09,
};

/**
 * The largest distance, in metres, between a WGS-84 point of the region and the same point taken
 * to the datum and back, measured by test/schema/datum.test.ts over a 0.01° grid of the region's
 * bounding box (lng 114.8–123, lat 27–35.2) and every point of the data set: 0.147 m for GCJ-02,
 * 0.264 m for BD-09. The forward conversions are the published algorithms; the inverses are
 * gcoord's iteration to 1e-6°, which this figure bounds.
 */
export const DATUM_ROUND_TRIP_ERROR_M: Readonly<Record<Datum, number>> = { WGS84: 0, GCJ02: 0.15, BD09: 0.27 };

/** A point from one datum to another (gcoord; non-finite coordinates pass through). */
export function convertDatum(p: GeoPoint, from: Datum, to: Datum): GeoPoint {
  if (from === to || !Number.isFinite(p.lng) || !Number.isFinite(p.lat)) return { lng: p.lng, lat: p.lat };
  const [lng, lat] = gcoord.transform<[number, number]>([p.lng, p.lat], CRS[from], CRS[to]);
  return { lng, lat };
}

/** A WGS-84 point of a record as the caller asked for it. */
export function fromWgs84(p: GeoPoint, datum: Datum | null | undefined): GeoPoint {
  return convertDatum(p, 'WGS84', datum ?? 'WGS84');
}

/** A point the caller gave in `datum`, in WGS-84. */
export function toWgs84(p: GeoPoint, datum: Datum | null | undefined): GeoPoint {
  return convertDatum(p, datum ?? 'WGS84', 'WGS84');
}

/** Every position of a GeoJSON geometry from WGS-84 into `datum`. */
export function geometryFromWgs84<G extends { type: string }>(geometry: G, datum: Datum | null | undefined): G {
  if ((datum ?? 'WGS84') === 'WGS84') return geometry;
  return gcoord.transform(structuredClone(geometry) as unknown as Parameters<typeof gcoord.transform>[0], gcoord.WGS84, CRS[datum as Datum]) as unknown as G;
}

const EN = 'The datum of a point: WGS84 (GPS, the contract\'s own), GCJ02 (AMap, Tencent and other maps licensed in China) or BD09 (Baidu).';
const ZH = '坐标系：WGS84（GPS，契约默认）、GCJ02（高德、腾讯等国内地图）或 BD09（百度）。';

/** The descriptions shared by every subgraph that declares the enum, so that composition sees one. */
export const DATUM_DESCRIPTIONS = {
  enum: `${EN}\nConversion error (gcoord; the GCJ-02 inverse is iterative, so approximate): a point taken to the datum and back lies within ${DATUM_ROUND_TRIP_ERROR_M.GCJ02} m (GCJ02) or ${DATUM_ROUND_TRIP_ERROR_M.BD09} m (BD09) of where it was, anywhere in the region.\n${ZH}\n换算误差：往返换算后偏差不超过 ${DATUM_ROUND_TRIP_ERROR_M.GCJ02} 米（GCJ02）或 ${DATUM_ROUND_TRIP_ERROR_M.BD09} 米（BD09）。`,
  WGS84: 'WGS-84 (GPS): the coordinates as held.\nWGS-84（GPS）：原样坐标。',
  GCJ02: 'GCJ-02: WGS-84 shifted by the national obfuscation algorithm inside China (its bounding box); unchanged outside it.\nGCJ-02（国测局坐标）：中国境内（按其外包矩形）加偏，境外不变。',
  BD09: "BD-09: Baidu's further offset of GCJ-02, applied everywhere (also outside China).\nBD-09（百度坐标）：在 GCJ-02 基础上再偏移，境外同样偏移。",
  argument: 'The datum of the returned point (default WGS84).\n返回坐标的坐标系（默认 WGS84）。',
  // Nullable rather than defaulted: adding a defaulted input field is DANGEROUS for the registry's diff, a nullable one SAFE.
  nearDatum: 'The datum of `point`, WGS84 when not given; the point is converted to WGS-84 before filtering.\n`point` 的坐标系，未给出时为 WGS84；过滤前换算为 WGS-84。',
} as const;
