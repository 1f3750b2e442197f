import { XMLParser } from 'fast-xml-parser';
import { PROVINCE_CODES, parseGlobalId, type GeoPoint, type MutualAidRequestRecord, type MutualAidStatus } from '../../schema/model';
import type { SimClock } from '../common/clock';
import { isoSeconds, type SimStore } from '../common/store';
import type { SimResponse } from '../common/sim-server';
import { fromGcj02, jsTime, parseJsTime } from './codes';
import { readXmlDocument } from './strict-xml';
import { envelope, invalidParameter, JS_CODES, notFoundAnswer, ok, type XmlRow } from './xml';

/** RescueService/requestSubmit and requestGet: mutual-aid requests as jsyj holds them. */

export interface JsMutualAidEntry {
  sqId: string;
  /** The client's request number, which makes a repeat answer 2001 with the first SQ_ID. */
  reqNo: string;
  /** The base's JD_ID. */
  baseId: string;
  fromProvince: string;
  /** WGS-84 (converted from the GCJ-02 of the request); null for requests from before the data set. */
  incident: { title: string; location: GeoPoint; occurredAt: string } | null;
  teamIds: string[];
  materials: { code: string; quantity: number }[];
  contact: string;
  status: MutualAidStatus;
  updatedAt: string;
}

/** Element text exactly as sent (character references decoded), whitespace included. */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (_name, jpath) => jpath === 'Request.DWS.DW_ID' || jpath === 'Request.WZS.WZ',
});

type XmlValue = string | XmlObject | XmlValue[] | undefined;
interface XmlObject {
  [name: string]: XmlValue;
}

const text = (v: XmlValue): string => (typeof v === 'string' ? v.trim() : '');
/** Free text, kept as sent. */
const freeText = (v: XmlValue): string => (typeof v === 'string' ? v : '');
const list = (v: XmlValue): XmlValue[] => (Array.isArray(v) ? v : []);
const obj = (v: XmlValue): XmlObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});

class Invalid extends Error {}

const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;

function number(v: XmlValue, what: string): number {
  const t = text(v);
  if (!DECIMAL.test(t)) throw new Invalid(what);
  return Number(t);
}

export class JiangsuMutualAidDesk {
  private readonly bySqId = new Map<string, JsMutualAidEntry>();
  private readonly byReqNo = new Map<string, JsMutualAidEntry>();
  private serial = 0;

  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
    earlier: readonly MutualAidRequestRecord[],
  ) {
    for (const r of earlier) {
      if (r.province !== store.province) continue;
      this.keep({
        sqId: r.sourceId,
        reqNo: r.clientRequestId,
        baseId: parseGlobalId(r.baseId)?.sourceId ?? r.baseId,
        fromProvince: r.fromProvince,
        incident: null,
        teamIds: [],
        materials: [],
        contact: '',
        status: r.status,
        updatedAt: r.updatedAt,
      });
    }
  }

  all(): JsMutualAidEntry[] {
    return [...this.bySqId.values()];
  }

  /** What the base's operators do with a request (accept, dispatch…): a control route, not the API. */
  setStatus(sqId: string, status: MutualAidStatus): JsMutualAidEntry | undefined {
    const entry = this.bySqId.get(sqId);
    if (entry) Object.assign(entry, { status, updatedAt: isoSeconds(this.clock.now()) });
    return entry;
  }

  private keep(entry: JsMutualAidEntry): void {
    this.bySqId.set(entry.sqId, entry);
    this.byReqNo.set(entry.reqNo, entry);
  }

  private nextSqId(): string {
    const day = jsTime(this.clock.now()).slice(0, 8);
    for (;;) {
      const id = `JSSQ${day}${String(++this.serial).padStart(5, '0')}`;
      if (!this.bySqId.has(id)) return id;
    }
  }

  submit(body: Buffer): SimResponse {
    const xml = readXmlDocument(body);
    if (xml === null) return invalidParameter('请求报文不是合法的XML');
    const request = obj(obj(parser.parse(xml) as XmlValue).Request);
    const reqNo = text(request.REQ_NO);
    if (!reqNo) return invalidParameter('REQ_NO');
    const first = this.byReqNo.get(reqNo);
    if (first) return envelope(JS_CODES.DUPLICATE_REQUEST, '请求编号重复', [this.row(first, false)]);
    try {
      const entry = this.validate(request, reqNo);
      this.keep(entry);
      return ok([{ SQ_ID: entry.sqId, ZT: entry.status }]);
    } catch (err) {
      if (err instanceof Invalid) return invalidParameter(err.message);
      throw err;
    }
  }

  private validate(request: XmlObject, reqNo: string): JsMutualAidEntry {
    const baseId = text(request.JD_ID);
    const base = this.store.get('bases', baseId);
    if (!base) throw new Invalid(`救援基地${baseId || '(空)'}不存在`);
    const fromProvince = text(request.FROM_PROVINCE);
    if (!(PROVINCE_CODES as readonly string[]).includes(fromProvince)) throw new Invalid('FROM_PROVINCE');

    const incident = obj(request.INCIDENT);
    const title = freeText(incident.TITLE);
    if (!title.trim()) throw new Invalid('INCIDENT.TITLE');
    const location = fromGcj02({ lng: number(incident.LNG, 'INCIDENT.LNG'), lat: number(incident.LAT, 'INCIDENT.LAT') });
    const occurred = parseJsTime(text(incident.OCCUR_TIME));
    if (occurred === null) throw new Invalid('INCIDENT.OCCUR_TIME');
    const occurredAt = isoSeconds(new Date(occurred));

    const teams = new Set(base.record.teams.map((t) => t.sourceId));
    const teamIds = list(obj(request.DWS).DW_ID).map(text);
    for (const id of teamIds) if (!teams.has(id)) throw new Invalid(`救援队伍${id || '(空)'}不属于该基地`);

    const stock = new Map(base.record.materials.map((m) => [m.code, m.quantity]));
    const materials = list(obj(request.WZS).WZ).map((wz) => {
      const code = text(obj(wz).WZ_BM);
      const quantity = number(obj(wz).SL, `物资${code}数量`);
      const held = stock.get(code);
      if (held === undefined) throw new Invalid(`物资${code || '(空)'}不存在`);
      if (!(quantity > 0)) throw new Invalid(`物资${code}数量`);
      if (quantity > held) throw new Invalid(`物资${code}数量超过库存${held}`);
      return { code, quantity };
    });

    return {
      sqId: this.nextSqId(),
      reqNo,
      baseId,
      fromProvince,
      incident: { title, location, occurredAt },
      teamIds,
      materials,
      contact: freeText(request.LXR),
      status: 'SUBMITTED',
      updatedAt: isoSeconds(this.clock.now()),
    };
  }

  get(sqId: string | null): SimResponse {
    if (!sqId || !sqId.trim()) return invalidParameter('sqId');
    const entry = this.bySqId.get(sqId.trim());
    return entry ? ok([this.row(entry, true)]) : notFoundAnswer('支援请求');
  }

  private row(entry: JsMutualAidEntry, withTime: boolean): XmlRow {
    const row: XmlRow = { SQ_ID: entry.sqId, ZT: entry.status };
    if (withTime) row.UPDATE_TIME = jsTime(entry.updatedAt);
    return row;
  }
}
