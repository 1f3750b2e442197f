import { createHash } from 'node:crypto';
import type { MutualAidRequestInput } from '../../../schema/model';
import { byText } from '../../../schema/orders';

/**
 * What the request asks for, independent of how it is spelt: team order, material order and the
 * notation of the incident time do not matter; anything else that differs is a different request.
 */
export function requestFingerprint(input: MutualAidRequestInput): string {
  const materials = new Map<string, number>();
  for (const m of input.materials) materials.set(m.code, (materials.get(m.code) ?? 0) + m.quantity);
  const canonical = {
    baseId: input.baseId,
    fromProvince: input.fromProvince,
    title: input.incident.title,
    lng: Math.round(input.incident.location.lng * 1e7),
    lat: Math.round(input.incident.location.lat * 1e7),
    occurredAt: Date.parse(input.incident.occurredAt),
    teamIds: [...new Set(input.teamIds)].sort(),
    materials: [...materials.entries()].sort(([a], [b]) => byText(a, b)),
    contact: input.contact,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
