import type { GeoPoint, MutualAidStatus, ProvinceCode } from '../../schema/model';
import type { SimServer } from '../../simulators/common/sim-server';

/**
 * What a simulated system holds of mutual-aid requests, read from its control route
 * GET /__sim/mutual-aid and reduced to what the tests compare: the system's id, the client's
 * request id (SH Idempotency-Key, JS REQ_NO, ZJ qqid, AH the "crid:" remark), the status and the
 * incident position as the system stored it (`raw`: in its own datum; `wgs84`: converted back),
 * and the free texts as the system stored them (null for requests from before the data set).
 */
export interface StoredRequest {
  sourceId: string;
  clientRequestId: string | null;
  baseSourceId: string;
  fromProvince: string;
  status: MutualAidStatus;
  raw: GeoPoint | null;
  wgs84: GeoPoint | null;
  title: string | null;
  contact: string | null;
}

type Row = Record<string, unknown>;

const READERS: Record<ProvinceCode, (body: unknown) => StoredRequest[]> = {
  SH: (body) =>
    ((body as { items: Row[] }).items ?? []).map((r) => {
      const incident = r.incident as { lng: number; lat: number; title: string } | null;
      const at = incident ? { lng: incident.lng, lat: incident.lat } : null;
      return {
        sourceId: String(r.requestId), clientRequestId: (r.idempotencyKey as string | null) ?? null, baseSourceId: String(r.baseId), fromProvince: String(r.fromProvince), status: r.status as MutualAidStatus, raw: at, wgs84: at,
        title: incident?.title ?? null, contact: (r.contact as string | null) ?? null,
      };
    }),
  JS: (body) =>
    (body as Row[]).map((r) => {
      const incident = r.incident as { location: GeoPoint; title: string } | null;
      return {
        sourceId: String(r.sqId), clientRequestId: String(r.reqNo), baseSourceId: String(r.baseId), fromProvince: String(r.fromProvince), status: r.status as MutualAidStatus, raw: null, wgs84: incident?.location ?? null,
        title: incident?.title ?? null, contact: incident ? String(r.contact) : null,
      };
    }),
  ZJ: (body) =>
    ((body as { data: Row[] }).data ?? []).map((r) => {
      const sj = r.sj as { bdLng: number; bdLat: number; wgs84: GeoPoint; bt: string } | null;
      return {
        sourceId: String(r.zyqqid), clientRequestId: String(r.qqid), baseSourceId: String(r.jdid), fromProvince: String(r.qqsf), status: r.zt as MutualAidStatus, raw: sj ? { lng: sj.bdLng, lat: sj.bdLat } : null, wgs84: sj?.wgs84 ?? null,
        title: sj?.bt ?? null, contact: (r.lxr as string | null) ?? null,
      };
    }),
  AH: (body) =>
    (body as Row[]).map((r) => {
      const remark = String(r.remark ?? '');
      const at = (r.location as GeoPoint | null) ?? null;
      return {
        sourceId: String(r.qqbh), clientRequestId: remark.startsWith('crid:') ? remark.slice(5) : null, baseSourceId: String(r.jdbh), fromProvince: String(r.qqsf), status: r.status as MutualAidStatus, raw: at, wgs84: at,
        title: at ? String(r.sjbt) : null, contact: at ? String(r.contact) : null,
      };
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

/** The systems' mutual-aid write endpoints, as the simulators count calls. */
export const WRITE_ENDPOINT: Record<ProvinceCode, string> = {
  SH: 'POST /api/v2/rescue/requests',
  JS: 'POST /jsyj/services/RescueService/requestSubmit',
  ZJ: 'POST /zlj/open/jy/zyqq',
  AH: 'POST /ahyj/api/jydw/zyqq/add',
};

/** An incident position in each province (WGS-84), with more decimals than every datum conversion keeps. */
export const INCIDENT_AT: Record<ProvinceCode, { lng: number; lat: number }> = {
  SH: { lng: 121.2345678, lat: 31.0456789 },
  JS: { lng: 120.6123456, lat: 31.3123456 },
  ZJ: { lng: 120.7512345, lat: 30.7612345 },
  AH: { lng: 117.2712345, lat: 31.8612345 },
};
