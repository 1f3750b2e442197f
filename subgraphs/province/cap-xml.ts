import { toBeijingIso } from '../../adapters/kit/beijing-time';
import { division } from '../../schema/geography';
import type { WarningEvent, WarningRecord } from '../../schema/model';
import { SEVERITY_OF_LEVEL } from './warning-status';

/** A warning as an OASIS CAP 1.2 alert, in the form of China's national early-warning profile. */

const CATEGORY: Readonly<Record<WarningEvent, string>> = {
  TYPHOON: 'Met', RAINSTORM: 'Met', BLIZZARD: 'Met', COLD_WAVE: 'Met', GALE: 'Met', HIGH_TEMPERATURE: 'Met', THUNDERSTORM: 'Met',
  FOG: 'Met', ROAD_ICING: 'Transport', FLOOD: 'Met', GEOLOGICAL_HAZARD: 'Geo', FOREST_FIRE: 'Fire', EARTHQUAKE: 'Geo',
  STORM_SURGE: 'Met', HAZMAT_INCIDENT: 'CBRNE',
  HAIL: 'Met', FROST: 'Met', HAZE: 'Met', DROUGHT: 'Met', FLASH_FLOOD: 'Met', URBAN_WATERLOGGING: 'Met',
};

const EVENT_NAME: Readonly<Record<WarningEvent, string>> = {
  TYPHOON: '台风', RAINSTORM: '暴雨', BLIZZARD: '暴雪', COLD_WAVE: '寒潮', GALE: '大风', HIGH_TEMPERATURE: '高温', THUNDERSTORM: '雷电',
  FOG: '大雾', ROAD_ICING: '道路结冰', FLOOD: '洪水', GEOLOGICAL_HAZARD: '地质灾害', FOREST_FIRE: '森林火险', EARTHQUAKE: '地震',
  STORM_SURGE: '风暴潮', HAZMAT_INCIDENT: '危险化学品事故',
  HAIL: '冰雹', FROST: '霜冻', HAZE: '霾', DROUGHT: '干旱', FLASH_FLOOD: '山洪', URBAN_WATERLOGGING: '城市内涝',
};

const MSG_TYPE = { ALERT: 'Alert', UPDATE: 'Update', CANCEL: 'Cancel' } as const;
const SEVERITY = { MINOR: 'Minor', MODERATE: 'Moderate', SEVERE: 'Severe', EXTREME: 'Extreme' } as const;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** CAP times: no fraction, an explicit offset (the schema's pattern forbids "Z"). */
function capTime(iso: string): string {
  return toBeijingIso(new Date(iso));
}

/** CAP identifiers and senders may not contain spaces, commas, "<" or "&". */
function capToken(text: string): string {
  return text.replace(/[\s,<&]/g, '_');
}

export function capSender(warning: Pick<WarningRecord, 'province'>): string {
  return `yrd-emergency-${warning.province.toLowerCase()}`;
}

/** `referenced`: the warning an UPDATE or CANCEL refers to, when it is known. */
export function capXml(warning: WarningRecord, referenced: WarningRecord | null): string {
  const el = (name: string, value: string | null, indent = '    '): string => (value === null ? '' : `${indent}<${name}>${escapeXml(value)}</${name}>\n`);
  const references = referenced ? `${capSender(referenced)},${capToken(referenced.id)},${capTime(referenced.issuedAt)}` : null;
  const areas = [...new Set(warning.areaCodes)]
    .map((code) => {
      const name = division(code)?.name ?? code;
      return (
        '    <area>\n' +
        el('areaDesc', name, '      ') +
        '      <geocode>\n' +
        el('valueName', 'GB/T 2260', '        ') +
        el('value', code, '        ') +
        '      </geocode>\n' +
        '    </area>\n'
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\n' +
    el('identifier', capToken(warning.id), '  ') +
    el('sender', capSender(warning), '  ') +
    el('sent', capTime(warning.issuedAt), '  ') +
    el('status', 'Actual', '  ') +
    el('msgType', MSG_TYPE[warning.messageType], '  ') +
    el('scope', 'Public', '  ') +
    el('references', references, '  ') +
    '  <info>\n' +
    el('language', 'zh-CN') +
    el('category', CATEGORY[warning.event]) +
    el('event', EVENT_NAME[warning.event]) +
    el('urgency', 'Unknown') +
    el('severity', SEVERITY[SEVERITY_OF_LEVEL[warning.level]]) +
    el('certainty', 'Unknown') +
    el('effective', capTime(warning.effectiveAt)) +
    el('onset', capTime(warning.effectiveAt)) +
    el('expires', warning.expiresAt === null ? null : capTime(warning.expiresAt)) +
    el('senderName', warning.issuer) +
    el('headline', warning.headline) +
    el('description', warning.description) +
    el('instruction', warning.instruction) +
    areas +
    '  </info>\n' +
    '</alert>\n'
  );
}
