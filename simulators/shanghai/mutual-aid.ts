import { parseGlobalId, PROVINCE_CODES, type MutualAidRequestRecord, type MutualAidStatus, type ProvinceCode } from '../../schema/model';
import type { SimClock } from '../common/clock';
import { isoSeconds, type SimStore } from '../common/store';
import { decodeUtf8Strictly } from '../common/utf8';
import { BadInput, ISO_DATE_TIME } from './answers';

/** Mutual-aid requests to Shanghai's bases: validation, exactly-once by Idempotency-Key, status reads. */

const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export interface HeldRequest {
  requestId: string;
  /** The Idempotency-Key it was created with; null when none was sent. */
  idempotencyKey: string | null;
  baseId: string;
  fromProvince: ProvinceCode;
  /** WGS-84, Shanghai's datum and the contract's: stored as received. Null for requests from before the data set's window. */
  incident: { title: string; lng: number; lat: number; occurredAt: string } | null;
  teams: string[];
  materials: { code: string; qty: number }[];
  contact: string | null;
  status: MutualAidStatus;
  createdAt: string;
  updatedAt: string;
}

export interface SubmitAnswer {
  status: 200 | 201;
  body: { requestId: string; status: MutualAidStatus };
}

interface Body {
  baseId: string;
  fromProvince: ProvinceCode;
  incident: { title: string; lng: number; lat: number; occurredAt: string };
  teams: string[];
  materials: { code: string; qty: number }[];
  contact: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The body's shape and types; anything else is a 400 in the system's format. */
function parseBody(raw: Buffer): Body {
  let v: unknown;
  try {
    v = JSON.parse(decodeUtf8Strictly(raw));
  } catch {
    throw new BadInput(400, 'request body is not valid JSON in UTF-8');
  }
  if (!isObject(v)) throw new BadInput(400, 'request body must be a JSON object');
  const bad = (what: string): never => {
    throw new BadInput(400, `invalid field ${what}`);
  };
  if (!isText(v.baseId)) bad('baseId');
  if (typeof v.fromProvince !== 'string' || !(PROVINCE_CODES as readonly string[]).includes(v.fromProvince)) bad('fromProvince');
  const inc = v.incident;
  if (!isObject(inc)) return bad('incident');
  if (!isText(inc.title)) bad('incident.title');
  if (!isNumber(inc.lng) || inc.lng < -180 || inc.lng > 180) bad('incident.lng');
  if (!isNumber(inc.lat) || inc.lat < -90 || inc.lat > 90) bad('incident.lat');
  if (typeof inc.occurredAt !== 'string' || !ISO_DATE_TIME.test(inc.occurredAt.trim())) bad('incident.occurredAt');
  const teams = v.teams ?? [];
  if (!Array.isArray(teams) || !teams.every(isText)) bad('teams');
  const materials = v.materials ?? [];
  if (!Array.isArray(materials) || !materials.every((m) => isObject(m) && isText(m.code) && isNumber(m.qty) && m.qty > 0)) bad('materials');
  if (!isText(v.contact)) bad('contact');
  return {
    baseId: v.baseId as string,
    fromProvince: v.fromProvince as ProvinceCode,
    incident: { title: inc.title as string, lng: inc.lng as number, lat: inc.lat as number, occurredAt: (inc.occurredAt as string).trim() },
    teams: teams as string[],
    materials: (materials as { code: string; qty: number }[]).map((m) => ({ code: m.code, qty: m.qty })),
    contact: v.contact as string,
  };
}

export class MutualAidDesk {
  private readonly requests = new Map<string, HeldRequest>();
  /** Idempotency-Key → the first answer and when it was given. */
  private readonly answered = new Map<string, { at: number; body: SubmitAnswer['body'] }>();

  constructor(private readonly store: SimStore, private readonly clock: SimClock, seeded: readonly MutualAidRequestRecord[]) {
    for (const r of seeded) {
      if (r.province !== store.province) continue;
      this.requests.set(r.sourceId, {
        requestId: r.sourceId,
        idempotencyKey: r.clientRequestId,
        baseId: parseGlobalId(r.baseId)?.sourceId ?? r.baseId,
        fromProvince: r.fromProvince,
        incident: null,
        teams: [],
        materials: [],
        contact: null,
        status: r.status,
        createdAt: r.updatedAt,
        updatedAt: r.updatedAt,
      });
      this.answered.set(r.clientRequestId, { at: Date.parse(r.updatedAt), body: { requestId: r.sourceId, status: r.status } });
    }
  }

  all(): HeldRequest[] {
    return [...this.requests.values()];
  }

  get(requestId: string): HeldRequest | undefined {
    return this.requests.get(requestId);
  }

  /** What the base's operators do with a request (accept, dispatch…): a control route, not the API. */
  setStatus(requestId: string, status: MutualAidStatus): HeldRequest | undefined {
    const held = this.requests.get(requestId);
    if (held) Object.assign(held, { status, updatedAt: isoSeconds(this.clock.now()) });
    return held;
  }

  /**
   * A repeat of a key answered within 24 h gets that first answer with 200 and creates nothing.
   * Only a created request is remembered: a refused one created nothing, so the same key may be
   * sent again with corrected input.
   */
  submit(idempotencyKey: string | undefined, raw: Buffer): SubmitAnswer {
    const now = this.clock.now().getTime();
    const key = idempotencyKey?.trim() || undefined;
    if (key !== undefined) {
      const first = this.answered.get(key);
      if (first && now - first.at < IDEMPOTENCY_WINDOW_MS) return { status: 200, body: first.body };
    }
    const body = parseBody(raw);
    this.validate(body);
    const at = isoSeconds(new Date(now));
    const requestId = this.nextId(at);
    this.requests.set(requestId, { requestId, idempotencyKey: key ?? null, ...body, status: 'SUBMITTED', createdAt: at, updatedAt: at });
    const answer = { requestId, status: 'SUBMITTED' as const };
    if (key !== undefined) this.answered.set(key, { at: now, body: answer });
    return { status: 201, body: answer };
  }

  private validate(body: Body): void {
    const base = this.store.get('bases', body.baseId)?.record;
    if (!base) throw new BadInput(422, `unknown base "${body.baseId}"`);
    for (const team of body.teams) {
      if (!base.teams.some((t) => t.sourceId === team)) throw new BadInput(422, `unknown team "${team}" at base ${base.sourceId}`);
    }
    for (const m of body.materials) {
      const stock = base.materials.find((s) => s.code === m.code);
      if (!stock) throw new BadInput(422, `unknown material code "${m.code}" at base ${base.sourceId}`);
      if (m.qty > stock.quantity) throw new BadInput(422, `quantity ${m.qty} of ${m.code} is above the stock of ${stock.quantity}`);
    }
  }

  /** SHR-yyyyMMdd-nnnn, the day's next serial. */
  private nextId(at: string): string {
    const day = at.slice(0, 10).replace(/-/g, '');
    const prefix = `SHR-${day}-`;
    let serial = 0;
    for (const id of this.requests.keys()) if (id.startsWith(prefix)) serial = Math.max(serial, Number(id.slice(prefix.length)));
    return `${prefix}${String(serial + 1).padStart(4, '0')}`;
  }
}
