import { globalId, type MutualAidRequestInput, type MutualAidRequestRecord, type TrackPointRecord } from '../../schema/model';
import type { AdapterOptions } from '../kit/adapter-options';
import { decodeMutualAidStatus } from '../kit/code-tables';
import type { Clock } from '../kit/clock';
import { wgs84ToBd09 } from '../kit/coordinates';
import { LegacyDataInvalidError, LegacyRejectedError, ProvinceUnavailableError } from '../kit/errors';
import { legacyIdOf } from '../kit/global-ids';
import { LegacyHttpClient } from '../kit/http';
import { mapRecords } from '../kit/map-records';
import type { Collection, CollectionRecord, Mapped, MutualAidStatusRecord, ProvinceAdapter, Pulled, WriteGuarantee } from '../kit/province-adapter';
import { refuseUnstorableText, storesInputTextsIn, UTF8_JSON } from '../kit/storable-text';
import { trackInWindow } from '../kit/track-points';
import { mapBase, mapEnterprise, mapTrackPoint, mapWarning, mapWaybill, zjSourceId, zjTime, type ZjRaw } from './map';
import { ZljClient, type ZljAnswer } from './zlj-client';

/** The Zhejiang adapter over 浙里急 open API (legacy-apis/zhejiang.md). */

export interface ZhejiangCredentials {
  clientId: string;
  clientSecret: string;
}

const BASE = '/zlj/open';
const LIST_PATH: Readonly<Record<Collection, string>> = {
  warnings: `${BASE}/yj/list`,
  enterprises: `${BASE}/whp/qy/list`,
  waybills: `${BASE}/whp/yd/list`,
  bases: `${BASE}/jy/jd/list`,
};
const MAPPERS: { readonly [C in Collection]: (raw: ZjRaw) => CollectionRecord[C] } = {
  warnings: mapWarning,
  enterprises: mapEnterprise,
  waybills: mapWaybill,
  bases: mapBase,
};
/** Where an enterprise that cannot be mapped still says its credit code. */
const CREDIT_CODE_OF: { readonly [C in Collection]?: (raw: ZjRaw) => unknown } = { enterprises: (r) => r.xydm };
/** The system's largest page and batch. */
export const ZJ_PAGE_LIMIT = 100;
/** A pull whose cursors keep expiring gives up after this many restarts. */
const MAX_RESTARTS = 20;

const unavailable = (message: string, endpoint: string): ProvinceUnavailableError =>
  ProvinceUnavailableError.unavailable('ZJ', `ZJ ${message}`, endpoint);

function expectOk(answer: ZljAnswer, endpoint: string): void {
  if (answer.status !== 200) {
    throw unavailable(`${endpoint}: HTTP ${answer.status}${answer.code ? ` ${answer.code}` : ''}${answer.message ? `: ${answer.message}` : ''}`, endpoint);
  }
}

function dataOf(answer: ZljAnswer, endpoint: string): ZjRaw[] {
  const data = (answer.json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw unavailable(`${endpoint}: answer has no "data" list`, endpoint);
  return data.map((d) => (typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as ZjRaw) : { value: d }));
}

/** A raw record's id for de-duplication; records without one are kept apart by their position. */
function keyOf(idOf: (r: ZjRaw) => string, raw: ZjRaw, position: number): string {
  const id = idOf(raw);
  return id === 'undefined' || id === 'null' || id.trim() === '' ? `(record ${position + 1} without an id)` : id.trim();
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

export class ZhejiangAdapter implements ProvinceAdapter {
  readonly province = 'ZJ' as const;
  readonly system = 'ZJ zlj open';
  /** A qqid seen in the last 24 h answers the first request. */
  readonly writeGuarantee: WriteGuarantee = { kind: 'idempotency-key', windowMs: 24 * 3600_000 };
  readonly textStorage = storesInputTextsIn(UTF8_JSON);
  readonly listPageSize = ZJ_PAGE_LIMIT;
  private readonly http: LegacyHttpClient;
  private readonly client: ZljClient;
  private readonly clock: Clock;

  constructor(options: AdapterOptions<ZhejiangCredentials>) {
    this.http = new LegacyHttpClient({ ...options.http, province: 'ZJ', baseUrl: options.baseUrl });
    this.client = new ZljClient(this.http, options.credentials, options.clock);
    this.clock = options.clock;
  }

  /**
   * Cursor pages of 100 from `since`. A cursor that expires mid-pull restarts the pull from the
   * last gxsj seen (inclusive); records are kept by id, a later copy replacing an earlier one.
   */
  async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    const path = LIST_PATH[collection];
    const endpoint = `GET ${path}`;
    const idOf = zjSourceId[collection];
    const byId = new Map<string, ZjRaw>();
    let from: number | null = since === null ? null : since.getTime();
    let lastGxsj: number | null = null;
    let cursor: string | null = null;
    let restarts = 0;
    let asOf = this.clock.now();
    for (;;) {
      asOf = this.clock.now();
      const query = cursor === null ? { limit: ZJ_PAGE_LIMIT, since: from ?? undefined } : { limit: ZJ_PAGE_LIMIT, cursor };
      const answer = await this.client.call({ method: 'GET', path, query, idempotent: true, endpoint });
      if (cursor !== null && answer.status === 400 && answer.code === 'CURSOR_EXPIRED') {
        if (++restarts > MAX_RESTARTS) throw unavailable(`${endpoint}: cursors kept expiring (${MAX_RESTARTS} restarts)`, endpoint);
        cursor = null;
        from = lastGxsj ?? from;
        continue;
      }
      expectOk(answer, endpoint);
      const page = dataOf(answer, endpoint);
      for (const raw of page) {
        const id = keyOf(idOf, raw, byId.size);
        byId.delete(id);
        byId.set(id, raw);
        const gxsj = typeof raw.gxsj === 'number' && Number.isInteger(raw.gxsj) ? raw.gxsj : null;
        if (gxsj !== null && (lastGxsj === null || gxsj > lastGxsj)) lastGxsj = gxsj;
      }
      const next = (answer.json as { nextCursor?: unknown }).nextCursor;
      if (next === null || next === undefined || next === '') break;
      if (typeof next !== 'string') throw unavailable(`${endpoint}: nextCursor is not a string`, endpoint);
      cursor = next;
    }
    return { ...mapRecords('ZJ', [...byId.values()], idOf, MAPPERS[collection], CREDIT_CODE_OF[collection]), asOf };
  }

  /** zlj's cursor pages carry no total: only a pull counts a list. */
  count(): Promise<null> {
    return Promise.resolve(null);
  }

  /** Batch reads of at most 100 ids each (POST <list>/batch); unknown ids are left out. */
  async get<C extends Collection>(collection: C, sourceIds: readonly string[]): Promise<Mapped<CollectionRecord[C]>> {
    const path = `${LIST_PATH[collection]}/batch`;
    const endpoint = `POST ${path}`;
    const ids = [...new Set(sourceIds)];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += ZJ_PAGE_LIMIT) chunks.push(ids.slice(i, i + ZJ_PAGE_LIMIT));
    const pages = await Promise.all(
      chunks.map(async (chunk) => {
        const answer = await this.client.call({ method: 'POST', path, json: { ids: chunk }, idempotent: true, endpoint });
        expectOk(answer, endpoint);
        return dataOf(answer, endpoint);
      }),
    );
    return mapRecords('ZJ', pages.flat(), zjSourceId[collection], MAPPERS[collection], CREDIT_CODE_OF[collection]);
  }

  async track(plate: string, from: Date, to: Date): Promise<Mapped<TrackPointRecord>> {
    const path = `${BASE}/whp/clgj`;
    const endpoint = `GET ${path}`;
    const answer = await this.client.call({
      method: 'GET',
      path,
      query: { cph: plate, kssj: from.getTime(), jssj: to.getTime() },
      idempotent: true,
      endpoint,
    });
    expectOk(answer, endpoint);
    const gj = (answer.json as { gj?: unknown } | null)?.gj;
    if (!Array.isArray(gj)) throw unavailable(`${endpoint}: answer has no "gj" list`, endpoint);
    const mapped = mapRecords<unknown, TrackPointRecord>('ZJ', gj, (p) => `${plate}@${Array.isArray(p) ? String(p[2]) : '?'}`, (p) => mapTrackPoint(plate, p));
    return trackInWindow(mapped, from, to);
  }

  /** POST /zlj/open/jy/zyqq (never retried: `qqid` makes a deliberate resubmission safe), then the status read for its time. */
  async submitMutualAid(input: MutualAidRequestInput): Promise<MutualAidRequestRecord> {
    refuseUnstorableText('ZJ', this.textStorage, input);
    const path = `${BASE}/jy/zyqq`;
    const endpoint = `POST ${path}`;
    const jdid = legacyIdOf('ZJ', input.baseId, 'RescueBase');
    const fssj = Date.parse(input.incident.occurredAt);
    if (Number.isNaN(fssj)) throw new LegacyRejectedError('ZJ', `incident.occurredAt "${input.incident.occurredAt}" is not a time`);
    const bd = wgs84ToBd09(input.incident.location);
    const body = {
      qqid: input.clientRequestId,
      jdid,
      qqsf: input.fromProvince,
      sj: { bt: input.incident.title, bdLng: round6(bd.lng), bdLat: round6(bd.lat), fssj },
      // The contract's teamIds and materials are optional lists; the system wants arrays.
      dw: (input.teamIds ?? []).map((id) => legacyIdOf('ZJ', id, 'RescueTeam')),
      wz: (input.materials ?? []).map((m) => ({ bm: m.code, sl: m.quantity })),
      lxr: input.contact,
    };
    const answer = await this.client.call({ method: 'POST', path, json: body, idempotent: false, endpoint });
    if (answer.status === 400 || answer.status === 404 || answer.status === 409 || answer.status === 422) {
      throw new LegacyRejectedError('ZJ', `ZJ refused the mutual-aid request: ${answer.message ?? answer.code ?? `HTTP ${answer.status}`}`, answer.code ?? undefined);
    }
    expectOk(answer, endpoint);
    const zyqqid = (answer.json as { zyqqid?: unknown }).zyqqid;
    if (typeof zyqqid !== 'string' || zyqqid === '') throw unavailable(`${endpoint}: answer has no zyqqid`, endpoint);
    const status = await this.getMutualAid(zyqqid);
    if (status === null) throw unavailable(`accepted mutual-aid request ${zyqqid} but cannot read it back`, endpoint);
    return {
      ...status,
      clientRequestId: input.clientRequestId,
      baseId: globalId('ZJ', 'RescueBase', jdid),
      fromProvince: input.fromProvince,
    };
  }

  async getMutualAid(sourceId: string): Promise<MutualAidStatusRecord | null> {
    const path = `${BASE}/jy/zyqq/${encodeURIComponent(sourceId)}`;
    const endpoint = `GET ${BASE}/jy/zyqq/{zyqqid}`;
    const answer = await this.client.call({ method: 'GET', path, idempotent: true, endpoint });
    if (answer.status === 404) return null;
    expectOk(answer, endpoint);
    const r = (answer.json ?? {}) as ZjRaw;
    const id = typeof r.zyqqid === 'string' && r.zyqqid !== '' ? r.zyqqid : sourceId;
    try {
      return { id: globalId('ZJ', 'MutualAidRequest', id), province: 'ZJ', sourceId: id, status: decodeMutualAidStatus('ZJ', r.zt as string), updatedAt: zjTime(r.gxsj, 'gxsj') };
    } catch (err) {
      if (err instanceof LegacyDataInvalidError) throw unavailable(`${endpoint}: mutual-aid request ${sourceId} unreadable: ${err.reason}`, endpoint);
      throw err;
    }
  }

  /** Closes kept-alive connections (tests, shutdown). */
  close(): void {
    this.http.close();
  }
}
