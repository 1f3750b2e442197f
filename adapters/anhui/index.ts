import { globalId, parseGlobalId, type MutualAidRequestInput, type MutualAidRequestRecord, type TrackPointRecord } from '../../schema/model';
import type { AdapterOptions } from '../kit/adapter-options';
import { formatBeijing, toBeijingIso } from '../kit/beijing-time';
import type { Clock } from '../kit/clock';
import { LegacyDataInvalidError, LegacyRejectedError, ProvinceUnavailableError } from '../kit/errors';
import { legacyIdOf } from '../kit/global-ids';
import { LegacyHttpClient } from '../kit/http';
import { mapRecords } from '../kit/map-records';
import { normalisePlate } from '../kit/plate';
import type { Collection, CollectionRecord, FoundMutualAid, Mapped, MutualAidStatusRecord, ProvinceAdapter, Pulled, WriteGuarantee } from '../kit/province-adapter';
import { GBK, mutualAidInputTexts, refuseUnstorableText, type TextStorage } from '../kit/storable-text';
import { trackInWindow } from '../kit/track-points';
import { AhyjClient, AhyjRefusal, type AhyjCall } from './ahyj-client';
import { optional, type AhRow } from './fields';
import { mapEnterprise, mapTrackPoint, mapWaybill, trackPointIdOf } from './map-hazmat';
import { mapBase, mapMutualAidListing, mapMutualAidStatus, type AhMutualAidListing } from './map-rescue';
import { mapWarning, warningIdOf } from './map-warning';
import { AH_PAGE_SIZE, readList, type AhPage, type FetchListPage } from './list-paging';

export type AnhuiCredentials = { user: string; password: string };
export type { AhMutualAidListing } from './map-rescue';

/** 5 requests a second per token (the login carries none and is not counted); two at a time keeps a slow answer from bunching the next ones. */
/** zyqq/add's remark (bz): "free-text remark, at most 200 characters". */
const AH_REMARK_MAX = 200;

export const AH_RATE_LIMIT = { perSecond: 5, concurrency: 2 } as const;

interface CollectionApi<C extends Collection> {
  list: string;
  detail: string;
  idParam: string;
  idOf: (row: AhRow) => string;
  map: (row: AhRow) => CollectionRecord[C];
  creditCodeOf?: (row: AhRow) => unknown;
  /** Ids the system cannot hold (warning ids are integers) are not asked for. */
  possibleId?: (id: string) => boolean;
}

const COLLECTIONS: { [C in Collection]: CollectionApi<C> } = {
  warnings: { list: '/yjxx/list', detail: '/yjxx/detail', idParam: 'id', idOf: warningIdOf, map: mapWarning, possibleId: (id) => /^\d{1,15}$/.test(id) },
  enterprises: { list: '/whp/qyxx/list', detail: '/whp/qyxx/detail', idParam: 'qybh', idOf: (r) => String(r.QYBH ?? ''), map: mapEnterprise, creditCodeOf: (r) => r.TYXYDM },
  waybills: { list: '/whp/ydxx/list', detail: '/whp/ydxx/detail', idParam: 'ydbh', idOf: (r) => String(r.YDBH ?? ''), map: mapWaybill },
  bases: { list: '/jydw/jdxx/list', detail: '/jydw/jdxx/detail', idParam: 'jdbh', idOf: (r) => String(r.JDBH ?? ''), map: mapBase },
};

/**
 * 安徽应急管理综合平台 (ahyj): one login token for the life of the process, lists read in pages of 50
 * (see readList), and no batch reads, so `get` reads one record at a time under the system's rate limit.
 */
export class AnhuiAdapter implements ProvinceAdapter {
  readonly province = 'AH' as const;
  readonly system = 'AH ahyj';
  /** GBK forms; the remark (bz) holds at most 200 characters, the clientRequestId among them. */
  readonly textStorage: TextStorage = {
    charset: GBK,
    mutualAidTexts: (input) => [
      ...mutualAidInputTexts(input),
      { argument: 'input.clientRequestId', text: mutualAidRemark(input.clientRequestId), limit: { field: 'remark (bz)', maxLength: AH_REMARK_MAX } },
    ],
  };
  /** zyqq/add has no idempotency: the clientRequestId travels in the remark, and the base's listing finds it. */
  readonly writeGuarantee: WriteGuarantee = {
    kind: 'lookup-by-client-request-id',
    find: (clientRequestId, baseId, since) => this.mutualAidByClientRequestId(clientRequestId, baseId, since),
  };
  readonly listPageSize = AH_PAGE_SIZE;
  readonly rateLimit = { perSecond: AH_RATE_LIMIT.perSecond };
  private readonly http: LegacyHttpClient;
  private readonly client: AhyjClient;
  private readonly clock: Clock;

  constructor(options: AdapterOptions<AnhuiCredentials>) {
    this.clock = options.clock;
    this.http = new LegacyHttpClient({ rateLimit: { ...AH_RATE_LIMIT }, ...options.http, province: 'AH', baseUrl: options.baseUrl });
    this.client = new AhyjClient(this.http, options.credentials, options.clock);
  }

  async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    const api = COLLECTIONS[collection] as CollectionApi<C>;
    let asOf = this.clock.now();
    const fetchPage: FetchListPage = (kssj, pageNo) => {
      asOf = this.clock.now();
      return this.page(api.list, { kssj: kssj === null ? undefined : formatBeijing(new Date(kssj), 'yyyy-MM-dd HH:mm:ss'), pageNo });
    };
    const rows = await readList(fetchPage, (row) => safeId(api.idOf, row), since === null ? null : Math.floor(since.getTime() / 1000) * 1000);
    const mapped = mapRecords('AH', rows, api.idOf, api.map, api.creditCodeOf);
    if (since !== null) mapped.records = mapped.records.filter((r) => Date.parse(r.updatedAt) >= since.getTime());
    return { ...mapped, asOf };
  }

  async count(collection: Collection): Promise<number> {
    return (await this.page(COLLECTIONS[collection].list, { pageNo: 1 }, 1)).total;
  }

  /** One `detail` call per distinct id (the system has no batch read), paced by the client's rate limit. */
  async get<C extends Collection>(collection: C, sourceIds: readonly string[]): Promise<Mapped<CollectionRecord[C]>> {
    const api = COLLECTIONS[collection] as CollectionApi<C>;
    const ids = [...new Set(sourceIds.map((id) => id.trim()))].filter((id) => id !== '' && (api.possibleId?.(id) ?? true));
    const rows = await Promise.all(ids.map((id) => this.detail(api.detail, { [api.idParam]: id })));
    return mapRecords('AH', rows.filter((r): r is AhRow => r !== null), api.idOf, api.map, api.creditCodeOf);
  }

  async track(plate: string, from: Date, to: Date): Promise<Mapped<TrackPointRecord>> {
    const cphm = normalisePlate(plate);
    const rows: AhRow[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const page = await this.page('/whp/clgj', {
        cphm,
        kssj: formatBeijing(from, 'yyyy-MM-dd HH:mm:ss'),
        jssj: formatBeijing(to, 'yyyy-MM-dd HH:mm:ss'),
        pageNo,
      });
      rows.push(...page.rows);
      if (page.rows.length < AH_PAGE_SIZE || rows.length >= page.total) break;
    }
    return trackInWindow(mapRecords('AH', rows, trackPointIdOf, mapTrackPoint), from, to);
  }

  /**
   * `zyqq/add` creates a request on every accepted POST, so it is sent once and never retried;
   * the clientRequestId goes into `bz` so that `listMutualAid` can tell whether an attempt that
   * timed out went through.
   */
  async submitMutualAid(input: MutualAidRequestInput): Promise<MutualAidRequestRecord> {
    refuseUnstorableText('AH', this.textStorage, input);
    const jdbh = legacyIdOf('AH', input.baseId, 'RescueBase');
    const occurred = Date.parse(input.incident.occurredAt);
    if (Number.isNaN(occurred)) throw new LegacyRejectedError('AH', `incident.occurredAt "${input.incident.occurredAt}" is not a time`);
    const { lng, lat } = input.incident.location;
    const form: Record<string, string> = {
      jdbh,
      qqsf: input.fromProvince,
      sjbt: input.incident.title,
      // ahyj takes incident positions in WGS-84 decimal degrees, the contract's own datum.
      jd: lng.toFixed(7),
      wd: lat.toFixed(7),
      fssj: formatBeijing(new Date(occurred), 'yyyy-MM-dd HH:mm:ss'),
      dwbh: input.teamIds.map((id) => legacyIdOf('AH', id, 'RescueTeam')).join(','),
      wz: input.materials.map((m) => `${m.code}:${m.quantity}`).join(';'),
      lxr: input.contact,
      bz: mutualAidRemark(input.clientRequestId),
    };
    let data: unknown;
    try {
      data = await this.client.call({ method: 'POST', path: '/jydw/zyqq/add', form, idempotent: false });
    } catch (err) {
      if (err instanceof AhyjRefusal && (err.code === 1002 || err.code === 1004)) throw new LegacyRejectedError('AH', err.msg, String(err.code));
      throw this.unavailableOnRefusal(err);
    }
    const qqbh = optional((data ?? {}) as AhRow, 'qqbh');
    if (qqbh === null) throw ProvinceUnavailableError.unavailable('AH', 'AH zyqq/add: accepted without a request number', '/ahyj/api/jydw/zyqq/add');
    const status = await this.statusAfterSubmit(qqbh);
    return {
      id: globalId('AH', 'MutualAidRequest', qqbh),
      province: 'AH',
      sourceId: qqbh,
      clientRequestId: input.clientRequestId,
      baseId: globalId('AH', 'RescueBase', jdbh),
      fromProvince: input.fromProvince,
      status: status.status,
      updatedAt: status.updatedAt,
    };
  }

  async getMutualAid(sourceId: string): Promise<MutualAidStatusRecord | null> {
    const row = await this.detail('/jydw/zyqq/detail', { qqbh: sourceId });
    if (row === null) return null;
    const mapped = mapRecords('AH', [row], (r) => String(r.QQBH ?? sourceId), mapMutualAidStatus);
    if (mapped.records.length === 0) {
      throw ProvinceUnavailableError.unavailable('AH', `AH zyqq/detail ${sourceId}: ${mapped.invalid[0]?.reason ?? 'unreadable'}`, '/ahyj/api/jydw/zyqq/detail');
    }
    return mapped.records[0];
  }

  /** The requests a base holds that changed at or after `since`, with the remark each was created with. */
  async listMutualAid(baseSourceId: string, since: Date): Promise<AhMutualAidListing[]> {
    const jdbh = parseGlobalId(baseSourceId)?.sourceId ?? baseSourceId;
    const rows: AhRow[] = [];
    for (let pageNo = 1; ; pageNo++) {
      const page = await this.page('/jydw/zyqq/list', { jdbh, kssj: formatBeijing(since, 'yyyy-MM-dd HH:mm:ss'), pageNo });
      rows.push(...page.rows);
      if (page.rows.length < AH_PAGE_SIZE || rows.length >= page.total) break;
    }
    const mapped = mapRecords('AH', rows, (r) => String(r.QQBH ?? ''), mapMutualAidListing);
    if (mapped.invalid.length > 0) {
      // A listing used to decide whether to send a write again must be complete, or it proves nothing.
      throw ProvinceUnavailableError.unavailable('AH', `AH zyqq/list: unreadable rows (${mapped.invalid.map((i) => i.reason).join('; ')})`, '/ahyj/api/jydw/zyqq/list');
    }
    return mapped.records;
  }

  /** The base's requests whose remark carries the clientRequestId, oldest id first: more than one would be a duplicate made outside the gateway. */
  async mutualAidByClientRequestId(clientRequestId: string, baseId: string, since: Date): Promise<FoundMutualAid[]> {
    const remark = mutualAidRemark(clientRequestId);
    const listed = await this.listMutualAid(baseId, since);
    return listed
      .filter((r) => r.remark.trim() === remark)
      .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0))
      .map(({ sourceId, status, updatedAt }) => ({ sourceId, status, updatedAt }));
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.http.close();
  }

  /** The write went through: a failed status read must not turn it into an error the caller would retry. */
  private async statusAfterSubmit(qqbh: string): Promise<Pick<MutualAidStatusRecord, 'status' | 'updatedAt'>> {
    try {
      const read = await this.getMutualAid(qqbh);
      if (read) return read;
    } catch (err) {
      if (!(err instanceof ProvinceUnavailableError)) throw err;
    }
    return { status: 'SUBMITTED', updatedAt: toBeijingIso(this.clock.now()) };
  }

  private async page(path: string, query: Record<string, string | number | undefined>, pageSize = AH_PAGE_SIZE): Promise<AhPage> {
    const data = await this.read({ method: 'GET', path, query: { ...query, pageSize }, idempotent: true });
    const page = data as Partial<AhPage> | null;
    if (!page || !Array.isArray(page.rows) || typeof page.total !== 'number') {
      throw ProvinceUnavailableError.unavailable('AH', `AH ${path}: no {total, rows} page in the answer`, `/ahyj/api${path}`);
    }
    return { total: page.total, rows: page.rows.filter((r): r is AhRow => r !== null && typeof r === 'object') };
  }

  /** A detail row, or null when the system answers 1004 (not found). */
  private async detail(path: string, query: Record<string, string>): Promise<AhRow | null> {
    try {
      const data = await this.client.call({ method: 'GET', path, query, idempotent: true });
      if (!data || typeof data !== 'object') throw ProvinceUnavailableError.unavailable('AH', `AH ${path}: no record in the answer`, `/ahyj/api${path}`);
      return data as AhRow;
    } catch (err) {
      if (err instanceof AhyjRefusal && err.code === 1004) return null;
      throw this.unavailableOnRefusal(err);
    }
  }

  private async read(call: AhyjCall): Promise<unknown> {
    try {
      return await this.client.call(call);
    } catch (err) {
      throw this.unavailableOnRefusal(err);
    }
  }

  /** A read the system refuses (1002, 1004 on a list, 9999) leaves us without an answer. */
  private unavailableOnRefusal(err: unknown): unknown {
    if (err instanceof AhyjRefusal) return ProvinceUnavailableError.unavailable('AH', `AH ${err.message}`, err.endpoint);
    return err;
  }
}

function mutualAidRemark(clientRequestId: string): string {
  return `crid:${clientRequestId}`;
}

function safeId(idOf: (row: AhRow) => string, row: AhRow): string | null {
  try {
    const id = idOf(row).trim();
    return id === '' ? null : id;
  } catch (err) {
    if (err instanceof LegacyDataInvalidError) return null;
    throw err;
  }
}
