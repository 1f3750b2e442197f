import { parseGlobalId, type NodeTypeName, type ProvinceCode } from '../../schema/model';
import { LegacyRejectedError } from './errors';

/**
 * The system's own id for what a write names: the source id of a global id of this province and
 * type, or the id exactly as given when it is not a global id (a legacy id). Never trimmed: the
 * systems' ids carry no padding, and the id sent must be the one the caller's input was checked with.
 */
export function legacyIdOf(province: ProvinceCode, id: string, type: NodeTypeName): string {
  const parsed = parseGlobalId(id);
  if (parsed === null) return id;
  if (parsed.province !== province || parsed.type !== type) throw new LegacyRejectedError(province, `${id} is not a ${province} ${type}`);
  return parsed.sourceId;
}
