import type { AdapterOptions } from '../kit/adapter-options';
import { formatBeijing } from '../kit/beijing-time';
import type { Clock } from '../kit/clock';
import { LegacyRejectedError, ProvinceUnavailableError } from '../kit/errors';
import { legacyIdOf } from '../kit/global-ids';
import { LegacyHttpClient } from '../kit/http';
import { mapRecords } from '../kit/map-records';
import { normalisePlate } from '../kit/plate';
import type { Collection, CollectionRecord, Mapped, MutualAidStatusRecord, ProvinceAdapter, Pulled, WriteGuarantee } from '../kit/province-adapter';
import { refuseUnstorableText, storesInputTextsIn, XML_1_0 } from '../kit/storable-text';
import { trackInWindow } from '../kit/track-points';
import { globalId, type MutualAidRequestInput, type MutualAidRequestRecord, type TrackPointRecord } from '../../schema/model';
import { parseAnswer, requiredText, text, type JsAnswer, type XmlRecord } from './envelope';
import { mapEnterprise, mapTrackPoint, mapWaybill, trackPointSourceId } from './map-hazmat';
import { mapBase, mapMutualAidStatus } from './map-rescue';
import { mapWarning } from './map-warning';
import { mutualAidRequestXml } from './mutual-aid-request';
import { jsTime } from './row-values';
import { signatureHeaders } from './signature';

/** 江苏应急综合业务系统 (jsyj): signed XML over HTTP, yyyyMMddHHmmss Beijing time, GCJ-02, offset/limit. */

export interface JiangsuCredentials {
  appId: string;
  appSecret: string;
}

export const JS_BASE_PATH = '/jsyj/services';
/** The largest page jsyj serves, and the most ids one batch read takes. */
export const JS_PAGE_LIMIT = 200;
export const JS_BATCH_LIMIT = 50;

interface CollectionApi<C extends Collection> {
  list: string;
  get: string;
  idOf: (row: XmlRecord) => string;
  map: (row: XmlRecord) => CollectionRecord[C];
  creditCodeOf?: (row: XmlRecord) => unknown;
}

const id = (name: string) => (row: XmlRecord): string => requiredText(row, name);

const COLLECTIONS: { [C in Collection]: CollectionApi<C> } = {
  warnings: { list: 'WarningService/list', get: 'WarningService/get', idOf: id('WARN_ID'), map: mapWarning },
  enterprises: { list: 'HazardService/enterpriseList', get: 'HazardService/enterpriseGet', idOf: id('QY_ID'), map: mapEnterprise, creditCodeOf: (row) => text(row, 'TYSHXYDM') },
  waybills: { list: 'TransportService/waybillList', get: 'TransportService/waybillGet', idOf: id('YD_BH'), map: mapWaybill },
  bases: { list: 'RescueService/baseList', get: 'RescueService/baseGet', idOf: id('JD_ID'), map: mapBase },
};

type Query = Record<string, string | number | undefined>;

/** The first whole second at or after `d`: records carry whole seconds, so `since` stays exact. */
const ceilToSecond = (d: Date): Date => new Date(Math.ceil(d.getTime() / 1000) * 1000);

/**
 * Where the next page starts: after the newest readable UPDATE_TIME seen, skipping the rows already
 * read at that time. A record changed mid-pull moves to the end of the list; re-asking by time (not
 * by a running offset) keeps the rows behind it from sliding past unread. Rows whose time cannot be
 * read still count by position; a re-read row is de-duplicated, never lost.
 */
function nextPage(seen: readonly XmlRecord[], since: string | undefined): { since: string | undefined; offset: number } {
  const times = seen.map(readableUpdateTime);
  for (let i = times.length - 1; i >= 0; i--) {
    const t = times[i];
    if (t !== null) return { since: t, offset: seen.length - times.indexOf(t) };
  }
  return { since, offset: seen.length };
}

function readableUpdateTime(row: XmlRecord): string | null {
  const t = typeof row.UPDATE_TIME === 'string' ? row.UPDATE_TIME.trim() : '';
  try {
    jsTime(t, 'UPDATE_TIME');
    return t;
  } catch {
    return null;
  }
}

export class JiangsuAdapter implements ProvinceAdapter {
  readonly province = 'JS' as const;
  readonly system = 'JS jsyj';
  /** A REQ_NO used before answers 2001 with the first request, for good. */
  readonly writeGuarantee: WriteGuarantee = { kind: 'idempotency-key', windowMs: Number.POSITIVE_INFINITY };
  readonly textStorage = storesInputTextsIn(XML_1_0);
  readonly listPageSize = JS_PAGE_LIMIT;
  private readonly http: LegacyHttpClient;
  private readonly clock: Clock;
  private readonly credentials: JiangsuCredentials;

  constructor(options: AdapterOptions<JiangsuCredentials>) {
    this.http = new LegacyHttpClient({ ...options.http, province: 'JS', baseUrl: options.baseUrl });
    this.clock = options.clock;
    this.credentials = options.credentials;
  }

  /** Closes the kept-alive connections to jsyj. */
  close(): void {
    this.http.close();
  }

  async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    const api = COLLECTIONS[collection] as CollectionApi<C>;
    const first = since === null ? undefined : formatBeijing(ceilToSecond(since), 'yyyyMMddHHmmss');
    const seen: XmlRecord[] = [];
    let page = { since: first, offset: 0 };
    let asOf = this.clock.now();
    for (;;) {
      asOf = this.clock.now();
      const answer = await this.read(api.list, { since: page.since, offset: page.offset, limit: JS_PAGE_LIMIT });
      seen.push(...answer.rows);
      if (answer.rows.length === 0 || page.offset + answer.rows.length >= answer.total) break;
      page = nextPage(seen, first);
    }
    return { ...this.mapped(api, latestById(api, seen)), asOf };
  }

  async count(collection: Collection): Promise<number> {
    return (await this.read(COLLECTIONS[collection].list, { offset: 0, limit: 1 })).total;
  }

  async get<C extends Collection>(collection: C, sourceIds: readonly string[]): Promise<Mapped<CollectionRecord[C]>> {
    const api = COLLECTIONS[collection] as CollectionApi<C>;
    const ids = [...new Set(sourceIds.map((s) => s.trim()).filter((s) => s !== '' && !s.includes(',')))];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += JS_BATCH_LIMIT) chunks.push(ids.slice(i, i + JS_BATCH_LIMIT));
    const answers = await Promise.all(chunks.map((chunk) => this.read(api.get, { ids: chunk.join(',') })));
    return this.mapped(api, answers.flatMap((a) => a.rows));
  }

  /** A string that is no plate was never seen: empty, without a call. */
  async track(plate: string, from: Date, to: Date): Promise<Mapped<TrackPointRecord>> {
    let cph: string;
    try {
      cph = normalisePlate(plate);
    } catch {
      return { records: [], invalid: [] };
    }
    const answer = await this.read('TransportService/track', {
      cph,
      start: formatBeijing(ceilToSecond(from), 'yyyyMMddHHmmss'),
      end: formatBeijing(to, 'yyyyMMddHHmmss'),
    });
    return trackInWindow(mapRecords('JS', answer.rows, trackPointSourceId, mapTrackPoint), from, to);
  }

  /** Code 2001 (the REQ_NO was used before) answers the first request: that one is returned, none is created. */
  async submitMutualAid(input: MutualAidRequestInput): Promise<MutualAidRequestRecord> {
    refuseUnstorableText('JS', this.textStorage, input);
    const answer = await this.call('POST', 'RescueService/requestSubmit', {}, mutualAidRequestXml(input));
    if (answer.code === '3001') throw new LegacyRejectedError('JS', `JS requestSubmit refused: ${answer.message}`, answer.code);
    if (answer.code !== '0' && answer.code !== '2001') throw this.unexpected('requestSubmit', answer);
    const sqId = answer.rows.length > 0 ? text(answer.rows[0], 'SQ_ID') : null;
    if (sqId === null) throw ProvinceUnavailableError.unavailable('JS', `JS requestSubmit: code ${answer.code} without an SQ_ID`);
    const status = await this.getMutualAid(sqId);
    if (status === null) throw ProvinceUnavailableError.unavailable('JS', `JS requestGet: request ${sqId} just submitted is unknown`);
    return {
      ...status,
      clientRequestId: input.clientRequestId,
      baseId: globalId('JS', 'RescueBase', legacyIdOf('JS', input.baseId, 'RescueBase')),
      fromProvince: input.fromProvince,
    };
  }

  async getMutualAid(sourceId: string): Promise<MutualAidStatusRecord | null> {
    const answer = await this.call('GET', 'RescueService/requestGet', { sqId: sourceId });
    if (answer.code === '404') return null;
    if (answer.code !== '0') throw this.unexpected('requestGet', answer);
    if (answer.rows.length === 0) return null;
    const mapped = mapRecords('JS', answer.rows.slice(0, 1), (r) => text(r, 'SQ_ID') ?? sourceId, mapMutualAidStatus);
    if (mapped.records.length === 0) {
      throw ProvinceUnavailableError.unavailable('JS', `JS requestGet: unreadable request ${sourceId}: ${mapped.invalid[0]?.reason ?? ''}`);
    }
    return mapped.records[0];
  }

  private mapped<C extends Collection>(api: CollectionApi<C>, rows: readonly XmlRecord[]): Mapped<CollectionRecord[C]> {
    return mapRecords('JS', rows, api.idOf, api.map, api.creditCodeOf);
  }

  /** A read that must succeed: anything but code 0 is the system refusing or failing. */
  private async read(operation: string, query: Query): Promise<JsAnswer> {
    const answer = await this.call('GET', operation, query);
    if (answer.code !== '0') throw this.unexpected(operation, answer);
    return answer;
  }

  private async call(method: 'GET' | 'POST', operation: string, query: Query, body?: string): Promise<JsAnswer> {
    const path = `${JS_BASE_PATH}/${operation}`;
    const endpoint = `${method} ${path}`;
    const headers = signatureHeaders(this.credentials.appId, this.credentials.appSecret, path, this.clock.now());
    if (body !== undefined) headers['Content-Type'] = 'application/xml; charset=UTF-8';
    const res = await this.http.request({ method, path, query, headers, body, idempotent: method === 'GET', endpoint });
    if (res.status !== 200) {
      throw ProvinceUnavailableError.unavailable('JS', `JS ${endpoint}: HTTP ${res.status}`, endpoint);
    }
    const answer = parseAnswer(res.body, endpoint);
    if (answer.code === '401') {
      throw ProvinceUnavailableError.unavailable('JS', `JS ${endpoint}: signature refused (${answer.message})`, endpoint);
    }
    return answer;
  }

  private unexpected(operation: string, answer: JsAnswer): Error {
    if (answer.code === '3001') return new LegacyRejectedError('JS', `JS ${operation} refused the request: ${answer.message}`, answer.code);
    return ProvinceUnavailableError.unavailable('JS', `JS ${operation}: code ${answer.code} ${answer.message}`, `${JS_BASE_PATH}/${operation}`);
  }
}

/** Rows read twice in one pull (re-read at a page boundary, or changed mid-pull): the last copy wins. */
function latestById<C extends Collection>(api: CollectionApi<C>, rows: readonly XmlRecord[]): XmlRecord[] {
  const byId = new Map<string, XmlRecord>();
  rows.forEach((row, i) => {
    let key: string;
    try {
      key = api.idOf(row);
    } catch {
      key = `#${i}`;
    }
    byId.delete(key);
    byId.set(key, row);
  });
  return [...byId.values()];
}
