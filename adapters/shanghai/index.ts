import {
  globalId,
  type MutualAidRequestInput,
  type MutualAidRequestRecord,
  type TrackPointRecord,
} from '../../schema/model';
import type { AdapterOptions } from '../kit/adapter-options';
import { toBeijingIso } from '../kit/beijing-time';
import { decodeMutualAidStatus } from '../kit/code-tables';
import { LegacyDataInvalidError, LegacyRejectedError, ProvinceUnavailableError, type LegacyDataIssue } from '../kit/errors';
import { legacyIdOf } from '../kit/global-ids';
import { LegacyHttpClient, type LegacyResponse } from '../kit/http';
import { mapRecords } from '../kit/map-records';
import type { Collection, CollectionRecord, Mapped, MutualAidStatusRecord, ProvinceAdapter, Pulled, WriteGuarantee } from '../kit/province-adapter';
import { refuseUnstorableText, storesInputTextsIn, UTF8_JSON } from '../kit/storable-text';
import { trackInWindow } from '../kit/track-points';
import { asObject, text, type Json } from './fields';
import { mapBase, mapEnterprise, mapMutualAidStatus, mapTrackPoint, mapWarning, mapWaybill } from './map';

/**
 * Shanghai's 城市运行应急平台 API v2 (legacy-apis/shanghai.md) as a ProvinceAdapter: an API key on
 * every request, page/pageSize lists, `updatedSince` pulls, `ids` batch reads, WGS-84 throughout.
 */

export interface ShanghaiCredentials {
  apiKey: string;
}

const MAX_PAGE_SIZE = 500;
const MAX_IDS = 100;

interface CollectionSpec<C extends Collection> {
  path: string;
  idOf: (raw: unknown) => string;
  map: (raw: unknown) => CollectionRecord[C];
  creditCodeOf?: (raw: unknown) => unknown;
}

const idField = (field: string) => (raw: unknown): string => String((raw as Json | null)?.[field] ?? '');

const COLLECTIONS: { [C in Collection]: CollectionSpec<C> } = {
  warnings: { path: '/api/v2/warnings', idOf: idField('id'), map: mapWarning },
  enterprises: { path: '/api/v2/hazmat/enterprises', idOf: idField('id'), map: mapEnterprise, creditCodeOf: idField('creditCode') },
  waybills: { path: '/api/v2/hazmat/waybills', idOf: idField('waybillNo'), map: mapWaybill },
  bases: { path: '/api/v2/rescue/bases', idOf: idField('id'), map: mapBase },
};

interface ListPage {
  total: number;
  items: unknown[];
}

const stripPlate = (plate: string): string => plate.replace(/[\s·•・．.-]/g, '').toUpperCase();

export class ShanghaiAdapter implements ProvinceAdapter {
  readonly province = 'SH' as const;
  readonly system = 'SH api/v2';
  /** A repeat with the same Idempotency-Key within 24 h answers the first request. */
  readonly writeGuarantee: WriteGuarantee = { kind: 'idempotency-key', windowMs: 24 * 3600_000 };
  readonly textStorage = storesInputTextsIn(UTF8_JSON);
  readonly listPageSize = MAX_PAGE_SIZE;
  private readonly http: LegacyHttpClient;

  constructor(private readonly options: AdapterOptions<ShanghaiCredentials>) {
    this.http = new LegacyHttpClient({ ...options.http, province: this.province, baseUrl: options.baseUrl });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.http.close();
  }

  /**
   * Pages by `updatedSince` from the last record seen rather than by page number alone: a record
   * changed during the pull moves to the end of the order, and a page number would then skip the
   * record that slid into its place. Records seen twice keep their later version.
   */
  async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    const spec = COLLECTIONS[collection] as CollectionSpec<C>;
    const seen = new Merged<CollectionRecord[C]>();
    let cursor = since === null ? undefined : toBeijingIso(since);
    let page = 1;
    let asOf = this.options.clock.now();
    for (;;) {
      asOf = this.options.clock.now();
      const answer = await this.list(collection, { updatedSince: cursor, page, pageSize: MAX_PAGE_SIZE });
      seen.add(mapRecords(this.province, answer.items, spec.idOf, spec.map, spec.creditCodeOf));
      if (answer.items.length < MAX_PAGE_SIZE || (page - 1) * MAX_PAGE_SIZE + answer.items.length >= answer.total) break;
      const last = lastUpdatedAt(answer.items);
      if (last !== null && (cursor === undefined || Date.parse(last) > Date.parse(cursor))) {
        cursor = last;
        page = 1;
      } else {
        page += 1;
      }
    }
    const result = seen.result();
    if (since !== null) result.records = result.records.filter((r) => Date.parse(r.updatedAt) >= since.getTime());
    return { ...result, asOf };
  }

  async count(collection: Collection): Promise<number> {
    return (await this.list(collection, { page: 1, pageSize: 1 })).total;
  }

  async get<C extends Collection>(collection: C, sourceIds: readonly string[]): Promise<Mapped<CollectionRecord[C]>> {
    const spec = COLLECTIONS[collection] as CollectionSpec<C>;
    const ids = [...new Set(sourceIds.map((id) => id.trim()).filter((id) => id !== '' && !id.includes(',')))];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_IDS) chunks.push(ids.slice(i, i + MAX_IDS));
    const answers = await Promise.all(chunks.map((chunk) => this.listAll(collection, { ids: chunk.join(',') })));
    const merged = new Merged<CollectionRecord[C]>();
    for (const items of answers) merged.add(mapRecords(this.province, items, spec.idOf, spec.map, spec.creditCodeOf));
    return merged.result();
  }

  async track(plate: string, from: Date, to: Date): Promise<Mapped<TrackPointRecord>> {
    const wanted = stripPlate(plate);
    const endpoint = 'GET /api/v2/hazmat/vehicles/{plate}/tracks';
    const res = await this.call({
      method: 'GET',
      path: `/api/v2/hazmat/vehicles/${encodeURIComponent(wanted)}/tracks`,
      query: { from: toBeijingIso(from), to: toBeijingIso(to) },
      endpoint,
    });
    const body = this.json(res, endpoint);
    if (!Array.isArray(body.points)) throw this.unavailable(endpoint, 'answer without a points list');
    const mapped = mapRecords(this.province, body.points, (p) => `${wanted}@${String((p as Json | null)?.ts ?? '')}`, (p) => mapTrackPoint(wanted, p));
    return trackInWindow(mapped, from, to);
  }

  /** Never retried: a repeat is safe only through the Idempotency-Key, which the system honours for 24 h. */
  async submitMutualAid(input: MutualAidRequestInput): Promise<MutualAidRequestRecord> {
    refuseUnstorableText(this.province, this.textStorage, input);
    const endpoint = 'POST /api/v2/rescue/requests';
    const baseId = legacyIdOf(this.province, input.baseId, 'RescueBase');
    const body = {
      baseId,
      fromProvince: input.fromProvince,
      // Shanghai's datum is WGS-84, the contract's: the incident's position goes as it is.
      incident: {
        title: input.incident.title,
        lng: input.incident.location.lng,
        lat: input.incident.location.lat,
        occurredAt: toBeijingIso(new Date(input.incident.occurredAt)),
      },
      teams: input.teamIds.map((id) => legacyIdOf(this.province, id, 'RescueTeam')),
      materials: input.materials.map((m) => ({ code: m.code, qty: m.quantity })),
      contact: input.contact,
    };
    const res = await this.call({
      method: 'POST',
      path: '/api/v2/rescue/requests',
      headers: { 'content-type': 'application/json', 'idempotency-key': input.clientRequestId },
      body: JSON.stringify(body),
      endpoint,
      idempotent: false,
    });
    if (res.status === 400 || res.status === 422) throw new LegacyRejectedError(this.province, `SH refused the request: ${errorText(res)}`, String(res.status));
    const answer = this.json(res, endpoint);
    let sourceId: string;
    let status: MutualAidRequestRecord['status'];
    try {
      sourceId = text(answer.requestId, 'requestId');
      status = decodeMutualAidStatus(this.province, answer.status as string);
    } catch (err) {
      if (err instanceof LegacyDataInvalidError) throw this.unavailable(endpoint, `unreadable answer: ${err.reason}`);
      throw err;
    }
    return {
      id: globalId(this.province, 'MutualAidRequest', sourceId),
      province: this.province,
      sourceId,
      clientRequestId: input.clientRequestId,
      baseId: globalId(this.province, 'RescueBase', baseId),
      fromProvince: input.fromProvince,
      status,
      // The answer carries no time; the request was (first) written no later than now.
      updatedAt: toBeijingIso(this.options.clock.now()),
    };
  }

  async getMutualAid(sourceId: string): Promise<MutualAidStatusRecord | null> {
    const endpoint = 'GET /api/v2/rescue/requests/{requestId}';
    const res = await this.call({ method: 'GET', path: `/api/v2/rescue/requests/${encodeURIComponent(sourceId)}`, endpoint, allowNotFound: true });
    if (res.status === 404) return null;
    return mapMutualAidStatus(this.json(res, endpoint));
  }

  /** Every page of a list with these filters (a batch read fits one page; the loop is for a system that pages anyway). */
  private async listAll(collection: Collection, filters: Record<string, string>): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.list(collection, { ...filters, page, pageSize: MAX_PAGE_SIZE });
      items.push(...answer.items);
      if (answer.items.length < MAX_PAGE_SIZE || items.length >= answer.total) return items;
    }
  }

  private async list(collection: Collection, query: Record<string, string | number | undefined>): Promise<ListPage> {
    const path = COLLECTIONS[collection].path;
    const endpoint = `GET ${path}`;
    const res = await this.call({ method: 'GET', path, query, endpoint });
    const body = this.json(res, endpoint);
    if (!Array.isArray(body.items) || typeof body.total !== 'number') throw this.unavailable(endpoint, 'answer is not a list envelope');
    return { total: body.total, items: body.items };
  }

  private async call(req: {
    method: 'GET' | 'POST';
    path: string;
    endpoint: string;
    query?: Record<string, string | number | undefined>;
    headers?: Record<string, string>;
    body?: string;
    idempotent?: boolean;
    allowNotFound?: boolean;
  }): Promise<LegacyResponse> {
    const res = await this.http.request({
      method: req.method,
      path: req.path,
      query: req.query,
      headers: { accept: 'application/json', ...req.headers, 'x-api-key': this.options.credentials.apiKey },
      body: req.body,
      idempotent: req.idempotent ?? req.method === 'GET',
      endpoint: req.endpoint,
    });
    if (res.status === 401 || res.status === 403) throw this.unavailable(req.endpoint, `the API key was refused (HTTP ${res.status})`);
    if (res.status === 404 && req.allowNotFound) return res;
    if (res.status >= 400 && !(req.method === 'POST' && (res.status === 400 || res.status === 422))) {
      throw this.unavailable(req.endpoint, `HTTP ${res.status}: ${errorText(res)}`);
    }
    return res;
  }

  private json(res: LegacyResponse, endpoint: string): Json {
    try {
      return asObject(JSON.parse(res.body.toString('utf8')), 'answer');
    } catch {
      throw this.unavailable(endpoint, 'answer is not a JSON object');
    }
  }

  private unavailable(endpoint: string, why: string): ProvinceUnavailableError {
    return ProvinceUnavailableError.unavailable(this.province, `${this.province} ${endpoint}: ${why}`, endpoint);
  }
}

/** The `error` text of Shanghai's error envelope, or the start of whatever came instead. */
function errorText(res: LegacyResponse): string {
  const raw = res.body.toString('utf8');
  try {
    const body = JSON.parse(raw) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as Json).error === 'string') return (body as Json).error as string;
  } catch {
    // not the system's envelope
  }
  return raw.slice(0, 200);
}

/** The raw `updatedAt` of the last item as ISO-8601, or null when it cannot be read. */
function lastUpdatedAt(items: readonly unknown[]): string | null {
  const last = items[items.length - 1] as Json | null;
  const value = last?.updatedAt;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? toBeijingIso(new Date(ms)) : null;
}

/** Records and issues by source id across pages; a later sighting replaces an earlier one. */
class Merged<T extends { sourceId: string }> {
  private readonly bySourceId = new Map<string, { record: T } | { issue: LegacyDataIssue }>();
  private readonly anonymous: LegacyDataIssue[] = [];

  add(mapped: Mapped<T>): void {
    for (const record of mapped.records) this.put(record.sourceId, { record });
    for (const issue of mapped.invalid) {
      if (issue.sourceId.startsWith('(record ')) this.anonymous.push(issue);
      else this.put(issue.sourceId, { issue });
    }
  }

  private put(id: string, entry: { record: T } | { issue: LegacyDataIssue }): void {
    this.bySourceId.delete(id);
    this.bySourceId.set(id, entry);
  }

  result(): Mapped<T> {
    const out: Mapped<T> = { records: [], invalid: [...this.anonymous] };
    for (const entry of this.bySourceId.values()) {
      if ('record' in entry) out.records.push(entry.record);
      else out.invalid.push(entry.issue);
    }
    return out;
  }
}
