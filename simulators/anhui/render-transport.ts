import type { CrewRole, WaybillRecord } from '../../schema/model';
import { hasTransportDetails } from '../dataset/waybill-details';
import { handTyped, legacyAdcode } from './format';

/**
 * The waybill fields of ahyj's 2026 release (additions-v1.1.md): empty strings for what is not
 * recorded, the crew packed in RYXX ("驾驶员|张三|证号|电话;押运员|…"). Records written before the
 * release have none of the fields.
 */

const ROLE: Readonly<Record<CrewRole, string>> = { DRIVER: '驾驶员', ESCORT: '押运员' };

export function renderTransport(w: WaybillRecord): Record<string, string> {
  if (!hasTransportDetails(w)) return {};
  const id = w.sourceId;
  const c = w.consignor;
  return {
    TYRMC: c?.name ?? '',
    TYR_TYXYDM: c?.creditCode ? handTyped(c.creditCode, `${id}|TYR`) : '',
    TYR_XZQH: c?.divisionCode ? legacyAdcode(c.divisionCode, id) : '',
    GCHM: w.trailerPlate ?? '',
    GTBH: w.tankNumber ?? '',
    YSZH: w.transportPermit ?? '',
    YJDH: w.emergencyPhone ?? '',
    RYXX: (w.crew ?? []).map((m) => [ROLE[m.role], m.name, m.qualificationCertificate ?? '', m.phone ?? ''].join('|')).join(';'),
  };
}
