import { parseGlobalId, PROVINCE_CODES, type GeoPoint, type MutualAidStatus, type ProvinceCode, type RescueBaseRecord } from '../../schema/model';
import type { CanonicalDataset } from '../dataset/types';
import { isoSeconds } from '../common/store';
import { parseSecondsForm } from './format';

/** The mutual-aid requests ahyj holds: the data set's, then every accepted POST (no idempotency). */

export interface AhMutualAidRequest {
  qqbh: string;
  jdbh: string;
  qqsf: ProvinceCode;
  sjbt: string;
  /** WGS-84: the system's own datum for these fields, so nothing to convert. */
  location: GeoPoint | null;
  occurredAt: string | null;
  teams: string[];
  materials: { code: string; quantity: number }[];
  contact: string;
  remark: string;
  status: MutualAidStatus;
  submittedAt: string;
  updatedAt: string;
}

export class AddRefused extends Error {
  constructor(
    readonly code: 1002 | 1004,
    message: string,
  ) {
    super(message);
  }
}

const PROVINCE_NAMES: Readonly<Record<string, ProvinceCode>> = { 上海: 'SH', 江苏: 'JS', 浙江: 'ZJ', 安徽: 'AH' };
const BBOX = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 };
export const REMARK_MAX = 200;

function province(text: string): ProvinceCode | null {
  const t = text.trim();
  if ((PROVINCE_CODES as readonly string[]).includes(t.toUpperCase())) return t.toUpperCase() as ProvinceCode;
  return PROVINCE_NAMES[t.replace(/[省市]$/, '')] ?? null;
}

function decimal(text: string | undefined, what: string): number {
  const t = (text ?? '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new AddRefused(1002, `${what}格式错误`);
  return Number(t);
}

export class MutualAidBook {
  private readonly requests: AhMutualAidRequest[] = [];
  private serial = 0;

  constructor(dataset: CanonicalDataset) {
    for (const r of dataset.mutualAidRequests.filter((m) => m.province === 'AH')) {
      this.requests.push({
        qqbh: r.sourceId,
        jdbh: parseGlobalId(r.baseId)?.sourceId ?? r.baseId,
        qqsf: r.fromProvince,
        sjbt: '',
        location: null,
        occurredAt: null,
        teams: [],
        materials: [],
        contact: '',
        remark: `crid:${r.clientRequestId}`,
        status: r.status,
        submittedAt: r.updatedAt,
        updatedAt: r.updatedAt,
      });
      this.serial = Math.max(this.serial, Number(r.sourceId.replace(/\D/g, '')) || 0);
    }
  }

  all(): AhMutualAidRequest[] {
    return [...this.requests];
  }

  get(qqbh: string): AhMutualAidRequest | undefined {
    return this.requests.find((r) => r.qqbh === qqbh);
  }

  /** What the base's operators do with a request (accept, dispatch…): a control route, not the API. */
  setStatus(qqbh: string, status: MutualAidStatus, now: Date): AhMutualAidRequest | undefined {
    const request = this.get(qqbh);
    if (request) Object.assign(request, { status, updatedAt: isoSeconds(now) });
    return request;
  }

  /** Checks every field as the system does and stores a new request; throws AddRefused. */
  add(form: Map<string, string>, baseOf: (jdbh: string) => RescueBaseRecord | undefined, now: Date): AhMutualAidRequest {
    const field = (name: string): string => (form.get(name) ?? '').trim();
    const required = (name: string, what: string): string => {
      const v = field(name);
      if (v === '') throw new AddRefused(1002, `${what}(${name})不能为空`);
      return v;
    };
    /** Free text is kept as it was sent; only its presence is checked. */
    const requiredText = (name: string, what: string): string => {
      required(name, what);
      return form.get(name) as string;
    };
    const jdbh = required('jdbh', '基地编号');
    const qqsf = province(required('qqsf', '请求省份'));
    if (qqsf === null) throw new AddRefused(1002, `请求省份(qqsf)无效：${field('qqsf')}`);
    const sjbt = requiredText('sjbt', '事件标题');
    const lng = decimal(form.get('jd'), '经度(jd)');
    const lat = decimal(form.get('wd'), '纬度(wd)');
    if (lng < BBOX.minLng || lng > BBOX.maxLng || lat < BBOX.minLat || lat > BBOX.maxLat) throw new AddRefused(1002, '坐标不在中国境内');
    const fssj = parseSecondsForm(required('fssj', '发生时间'));
    if (Number.isNaN(fssj)) throw new AddRefused(1002, '发生时间(fssj)格式应为yyyy-MM-dd HH:mm:ss');
    const contact = requiredText('lxr', '联系人');
    const remark = form.get('bz') ?? '';
    if ([...remark].length > REMARK_MAX) throw new AddRefused(1002, `备注(bz)不能超过${REMARK_MAX}个字符`);

    const base = baseOf(jdbh);
    if (!base) throw new AddRefused(1004, `救援基地不存在：${jdbh}`);
    const teams = field('dwbh') === '' ? [] : field('dwbh').split(',').map((t) => t.trim());
    for (const t of teams) {
      if (!base.teams.some((team) => team.sourceId === t)) throw new AddRefused(1002, `队伍${t}不属于基地${jdbh}`);
    }
    const materials = field('wz') === '' ? [] : field('wz').split(';').map((entry) => {
      const [code, quantity, ...rest] = entry.split(':').map((s) => s.trim());
      if (!code || quantity === undefined || rest.length > 0) throw new AddRefused(1002, `物资格式应为 编码:数量：${entry}`);
      const n = decimal(quantity, `物资${code}数量`);
      if (n <= 0) throw new AddRefused(1002, `物资${code}数量必须大于0`);
      const stock = base.materials.find((m) => m.code === code);
      if (!stock) throw new AddRefused(1002, `基地${jdbh}没有物资${code}`);
      if (n > stock.quantity) throw new AddRefused(1002, `物资${code}库存不足：库存${stock.quantity}，请求${n}`);
      return { code, quantity: n };
    });

    this.serial += 1;
    const at = isoSeconds(now);
    const request: AhMutualAidRequest = {
      qqbh: `AHQQ${String(this.serial).padStart(6, '0')}`,
      jdbh, qqsf, sjbt,
      location: { lng, lat },
      occurredAt: isoSeconds(new Date(fssj)),
      teams, materials, contact, remark,
      status: 'SUBMITTED',
      submittedAt: at,
      updatedAt: at,
    };
    this.requests.push(request);
    return request;
  }
}
