import type { CrewRole, WaybillRecord } from '../../schema/model';
import { hasTransportDetails } from '../dataset/waybill-details';
import { qhdmAsWritten } from './quirks';

/** The waybill fields of 浙里急's 2026 release (additions-v1.1.md); records written before it have none. */

const JS: Readonly<Record<CrewRole, string>> = { DRIVER: 'JSY', ESCORT: 'YYY' };

export function renderTransport(r: WaybillRecord): Record<string, unknown> {
  if (!hasTransportDetails(r)) return {};
  const c = r.consignor;
  return {
    tyr: c === null ? null : { mc: c.name, xydm: c.creditCode, qhdm: c.divisionCode === null ? null : qhdmAsWritten(c.divisionCode, `${r.sourceId}/tyr`) },
    gcph: r.trailerPlate,
    gtbh: r.tankNumber,
    yszh: r.transportPermit,
    ry: (r.crew ?? []).map((m) => ({ js: JS[m.role], xm: m.name, zgzh: m.qualificationCertificate, dh: m.phone })),
    yjdh: r.emergencyPhone,
  };
}
