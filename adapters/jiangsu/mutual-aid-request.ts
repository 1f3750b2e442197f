import { formatBeijing } from '../kit/beijing-time';
import { wgs84ToGcj02 } from '../kit/coordinates';
import { LegacyRejectedError } from '../kit/errors';
import { parseGlobalId, type MutualAidRequestInput, type NodeTypeName } from '../../schema/model';

/** The requestSubmit body: `<Request>` with the incident in GCJ-02 and Beijing time. */

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const el = (name: string, value: string): string => (value === '' ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`);

/** A legacy id from either a global id of this province and type or the legacy id itself. */
export function jiangsuSourceId(id: string, type: NodeTypeName): string {
  const parsed = parseGlobalId(id);
  if (parsed === null) return id.trim();
  if (parsed.province !== 'JS' || parsed.type !== type) throw new LegacyRejectedError('JS', `${id} is not a Jiangsu ${type}`);
  return parsed.sourceId;
}

export function mutualAidRequestXml(input: MutualAidRequestInput): string {
  const at = wgs84ToGcj02(input.incident.location);
  const occurred = new Date(input.incident.occurredAt);
  if (Number.isNaN(occurred.getTime())) throw new LegacyRejectedError('JS', `incident time "${input.incident.occurredAt}" is not a time`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Request>' +
    el('REQ_NO', input.clientRequestId) +
    el('JD_ID', jiangsuSourceId(input.baseId, 'RescueBase')) +
    el('FROM_PROVINCE', input.fromProvince) +
    '<INCIDENT>' +
    el('TITLE', input.incident.title) +
    el('LNG', at.lng.toFixed(6)) +
    el('LAT', at.lat.toFixed(6)) +
    el('OCCUR_TIME', formatBeijing(occurred, 'yyyyMMddHHmmss')) +
    '</INCIDENT>' +
    `<DWS>${input.teamIds.map((t) => el('DW_ID', jiangsuSourceId(t, 'RescueTeam'))).join('')}</DWS>` +
    `<WZS>${input.materials.map((m) => `<WZ>${el('WZ_BM', m.code)}${el('SL', String(m.quantity))}</WZ>`).join('')}</WZS>` +
    el('LXR', input.contact) +
    '</Request>'
  );
}
