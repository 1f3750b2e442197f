import { parseGlobalId, PROVINCE_CODES, type GeoPoint, type MutualAidStatus, type ProvinceCode } from '../../schema/model';
import type { SimClock } from '../common/clock';
import type { SimResponse } from '../common/sim-server';
import type { SimStore } from '../common/store';
import { decodeUtf8Strictly } from '../common/utf8';
import { fromBd09 } from './render';
import { invalid, InvalidInput, zjError, zjJson } from './respond';

/** 支援请求: POST /zlj/open/jy/zyqq and GET /zlj/open/jy/zyqq/{zyqqid}. */

const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;
const BEIJING_OFFSET_MS = 8 * 3600_000;

export interface HeldRequest {
  zyqqid: string;
  /** The client-chosen idempotency key. */
  qqid: string;
  jdid: string;
  qqsf: ProvinceCode;
  /** Absent for requests the system already held (from the data set). */
  sj: { bt: string; bdLng: number; bdLat: number; fssj: number; wgs84: GeoPoint } | null;
  dw: string[];
  wz: { bm: string; sl: number }[];
  lxr: string | null;
  zt: MutualAidStatus;
  gxsj: number;
}

interface Seen {
  at: number;
  answer: SimResponse;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, what: string): string => (typeof v === 'string' && v.trim() !== '' ? v : invalid(`${what} must be a non-empty string`));
const finite = (v: unknown, what: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : invalid(`${what} must be a number`));

export class MutualAidDesk {
  private readonly requests = new Map<string, HeldRequest>();
  private readonly seen = new Map<string, Seen>();
  private readonly serials = new Map<string, number>();

  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
  ) {
    for (const r of store.dataset.mutualAidRequests) {
      if (r.province !== store.province) continue;
      this.requests.set(r.sourceId, {
        zyqqid: r.sourceId,
        qqid: r.clientRequestId,
        jdid: parseGlobalId(r.baseId)?.sourceId ?? r.baseId,
        qqsf: r.fromProvince,
        sj: null,
        dw: [],
        wz: [],
        lxr: null,
        zt: r.status,
        gxsj: Date.parse(r.updatedAt),
      });
      this.seen.set(r.clientRequestId, { at: Date.parse(r.updatedAt), answer: zjJson(200, { zyqqid: r.sourceId, zt: r.status }) });
    }
  }

  all(): HeldRequest[] {
    return [...this.requests.values()];
  }

  /** What the base's operators do with a request (accept, dispatch…): a control route, not the API. */
  setStatus(zyqqid: string, status: MutualAidStatus): HeldRequest | undefined {
    const held = this.requests.get(zyqqid);
    if (held) Object.assign(held, { zt: status, gxsj: this.clock.now().getTime() });
    return held;
  }

  status(zyqqid: string): SimResponse {
    const r = this.requests.get(zyqqid);
    return r ? zjJson(200, { zyqqid: r.zyqqid, zt: r.zt, gxsj: r.gxsj }) : zjError(404, 'NOT_FOUND', `no request ${zyqqid}`);
  }

  /** "A qqid seen in the last 24 h returns the same answer and creates nothing", refusals included. */
  submit(body: Buffer): SimResponse {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeUtf8Strictly(body));
    } catch {
      return zjError(400, 'INVALID', 'body is not JSON in UTF-8');
    }
    if (!isObject(parsed)) return zjError(400, 'INVALID', 'body must be a JSON object');
    if (typeof parsed.qqid !== 'string' || parsed.qqid.trim() === '') return zjError(400, 'INVALID', 'qqid must be a non-empty string');
    const qqid = parsed.qqid;
    const now = this.clock.now().getTime();
    const earlier = this.seen.get(qqid);
    if (earlier && now - earlier.at < IDEMPOTENCY_WINDOW_MS) return earlier.answer;

    let answer: SimResponse;
    try {
      answer = this.create(qqid, parsed, now);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      answer = zjError(400, 'INVALID', err.message);
    }
    this.seen.set(qqid, { at: now, answer });
    return answer;
  }

  private create(qqid: string, body: Json, now: number): SimResponse {
    const jdid = text(body.jdid, 'jdid');
    const base = this.store.get('bases', jdid)?.record;
    if (!base) invalid(`unknown base ${jdid}`);
    const qqsf = text(body.qqsf, 'qqsf');
    if (!(PROVINCE_CODES as readonly string[]).includes(qqsf)) invalid(`qqsf must be one of ${PROVINCE_CODES.join(', ')}`);
    if (!isObject(body.sj)) invalid('sj must be an object');
    const sj = body.sj as Json;
    const bt = text(sj.bt, 'sj.bt');
    const bdLng = finite(sj.bdLng, 'sj.bdLng');
    const bdLat = finite(sj.bdLat, 'sj.bdLat');
    const fssj = finite(sj.fssj, 'sj.fssj');
    if (!Number.isInteger(fssj)) invalid('sj.fssj must be epoch milliseconds');
    if (Math.abs(bdLng) > 180 || Math.abs(bdLat) > 90) invalid('sj.bdLng/bdLat out of range');

    const dwRaw = body.dw ?? [];
    if (!Array.isArray(dwRaw)) invalid('dw must be an array of team ids');
    const dw = (dwRaw as unknown[]).map((d, i) => text(d, `dw[${i}]`));
    for (const id of dw) if (!base.teams.some((t) => t.sourceId === id)) invalid(`unknown team ${id} at base ${jdid}`);

    const wzRaw = body.wz ?? [];
    if (!Array.isArray(wzRaw)) invalid('wz must be an array of {bm, sl}');
    const wz = (wzRaw as unknown[]).map((w, i) => {
      if (!isObject(w)) return invalid(`wz[${i}] must be an object`);
      const sl = finite(w.sl, `wz[${i}].sl`);
      if (sl <= 0) invalid(`wz[${i}].sl must be positive`);
      return { bm: text(w.bm, `wz[${i}].bm`), sl };
    });
    const wanted = new Map<string, number>();
    for (const w of wz) wanted.set(w.bm, (wanted.get(w.bm) ?? 0) + w.sl);
    for (const [bm, sl] of wanted) {
      const stock = base.materials.find((m) => m.code === bm);
      if (!stock) invalid(`unknown material ${bm} at base ${jdid}`);
      if (sl > stock.quantity) invalid(`material ${bm}: ${sl} asked, ${stock.quantity} in stock`);
    }
    const lxr = text(body.lxr, 'lxr');

    const zyqqid = this.nextId(now);
    this.requests.set(zyqqid, {
      zyqqid,
      qqid,
      jdid,
      qqsf: qqsf as ProvinceCode,
      sj: { bt, bdLng, bdLat, fssj, wgs84: fromBd09(bdLng, bdLat) },
      dw,
      wz,
      lxr,
      zt: 'SUBMITTED',
      gxsj: now,
    });
    return zjJson(200, { zyqqid, zt: 'SUBMITTED' });
  }

  /** ZJZYQQ-<yyyyMMdd>-<serial of the Beijing day>, never one already held. */
  private nextId(now: number): string {
    const day = new Date(now + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
    for (let n = (this.serials.get(day) ?? 0) + 1; ; n++) {
      const id = `ZJZYQQ-${day}-${String(n).padStart(3, '0')}`;
      if (this.requests.has(id)) continue;
      this.serials.set(day, n);
      return id;
    }
  }
}
