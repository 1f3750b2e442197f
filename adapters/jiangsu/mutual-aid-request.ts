import { formatBeijing } from '../kit/beijing-time';
import { wgs84ToGcj02 } from '../kit/coordinates';
import { LegacyRejectedError } from '../kit/errors';
import { legacyIdOf } from '../kit/global-ids';
import type { MutualAidRequestInput } from '../../schema/model';

/** The requestSubmit body: `<Request>` with the incident in GCJ-02 and Beijing time. */

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const el = (name: string, value: string): string => (value === '' ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`);

export function mutualAidRequestXml(input: MutualAidRequestInput): string {
  const at = wgs84ToGcj02(input.incident.location);
  const occurred = new Date(input.incident.occurredAt);
  if (Number.isNaN(occurred.getTime())) throw new LegacyRejectedError('JS', `incident time "${input.incident.occurredAt}" is not a time`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Request>' +
    el('REQ_NO', input.clientRequestId) +
    el('JD_ID', legacyIdOf('JS', input.baseId, 'RescueBase')) +
    el('FROM_PROVINCE', input.fromProvince) +
    '<INCIDENT>' +
    el('TITLE', input.incident.title) +
    el('LNG', at.lng.toFixed(6)) +
    el('LAT', at.lat.toFixed(6)) +
    el('OCCUR_TIME', formatBeijing(occurred, 'yyyyMMddHHmmss')) +
    '</INCIDENT>' +
    `<DWS>${input.teamIds.map((t) => el('DW_ID', legacyIdOf('JS', t, 'RescueTeam'))).join('')}</DWS>` +
    `<WZS>${input.materials.map((m) => `<WZ>${el('WZ_BM', m.code)}${el('SL', String(m.quantity))}</WZ>`).join('')}</WZS>` +
    el('LXR', input.contact) +
    '</Request>'
  );
}
