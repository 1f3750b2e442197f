import type { GeoPoint, MutualAidStatus, ProvinceCode } from '../../schema/model';
import type { SimServer } from '../../simulators/common/sim-server';

/**
 * What a simulated system holds of mutual-aid requests, read from its control route
 * GET /__sim/mutual-aid and reduced to what the tests compare: the system's id, the client's
 * request id (SH Idempotency-Key, JS REQ_NO, ZJ qqid, AH the "crid:" remark), the status and the
 * incident position as the system stored it (`raw`: in its own datum; `wgs84`: converted back).
 */
export interface StoredRequest {
  sourceId: string;
  clientRequestId: string | null;
  baseSourceId: string;
  fromProvince: string;
  status: MutualAidStatus;
  raw: GeoPoint | null;
  wgs84: GeoPoint | null;
}

type Row = Record<string, unknown>;

const READERS: Record<ProvinceCode, (body: unknown) => StoredRequest[]> = {
  SH: (body) =>
    ((body as { items: Row[] }).items ?? []).map((r) => {
      const incident = r.incident as { lng: number; lat: number } | null;
      const at = incident ? { lng: incident.lng, lat: incident.lat } : null;
      return { sourceId: String(r.requestId), clientRequestId: (r.idempotencyKey as string | null) ?? null, baseSourceId: String(r.baseId), fromProvince: String(r.fromProvince), status: r.status as MutualAidStatus, raw: at, wgs84: at };
    }),
  JS: (body) =>
    (body as Row[]).map((r) => {
      const incident = r.incident as { location: GeoPoint } | null;
      return { sourceId: String(r.sqId), clientRequestId: String(r.reqNo), baseSourceId: String(r.baseId), fromProvince: String(r.fromProvince), status: r.status as MutualAidStatus, raw: null, wgs84: incident?.location ?? null };
    }),
  ZJ: (body) =>
    ((body as { data: Row[] }).data ?? []).map((r) => {
      const sj = r.sj as { bdLng: number; bdLat: number; wgs84: GeoPoint } | null;
      return { sourceId: String(r.zyqqid), clientRequestId: String(r.qqid), baseSourceId: String(r.jdid), fromProvince: String(r.qqsf), status: r.zt as MutualAidStatus, raw: sj ? { lng: sj.bdLng, lat: sj.bdLat } : null, wgs84: sj?.wgs84 ?? null };
    }),
  AH: (body) =>
    (body as Row[]).map((r) => {
      const remark = String(r.remark ?? '');
      const at = (r.location as GeoPoint | null) ?? null;
      return { sourceId: String(r.qqbh), clientRequestId: remark.startsWith('crid:') ? remark.slice(5) : null, baseSourceId: String(r.jdbh), fromProvince: String(r.qqsf), status: r.status as MutualAidStatus, raw: at, wgs84: at };
    }),
};

export async function storedMutualAid(sim: SimServer): Promise<StoredRequest[]> {
  const res = await fetch(`${sim.url}/__sim/mutual-aid`);
  if (!res.ok) throw new Error(`${sim.province} /__sim/mutual-aid: HTTP ${res.status}`);
  return READERS[sim.province](await res.json());
}

/** How many requests the system holds per client request id. */
export async function storedCounts(sim: SimServer): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await storedMutualAid(sim)) if (r.clientRequestId !== null) counts.set(r.clientRequestId, (counts.get(r.clientRequestId) ?? 0) + 1);
  return counts;
}

/** A base's operators acting on a request in the system (POST /__sim/mutual-aid/status). */
export async function setStoredStatus(sim: SimServer, sourceId: string, status: MutualAidStatus): Promise<void> {
  const res = await fetch(`${sim.url}/__sim/mutual-aid/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sourceId, status }) });
  if (!res.ok) throw new Error(`${sim.province} /__sim/mutual-aid/status: HTTP ${res.status}`);
}
