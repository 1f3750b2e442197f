import type { GraphQLError } from 'graphql';
import { unstorableText, type TextStorage } from '../../../adapters/kit/storable-text';
import type { MutualAidRequestInput, ProvinceCode, RescueBaseRecord } from '../../../schema/model';
import { badInput, forbidden } from './errors';

/** Printable ASCII without spaces: it travels as an HTTP header (SH), an XML element (JS) and a remark (AH). */
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
/** Roughly China: incident positions elsewhere are refused by Anhui and mean nothing to GCJ-02/BD-09. */
const CHINA = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 };

export function clientRequestIdProblem(clientRequestId: string): GraphQLError | null {
  return CLIENT_REQUEST_ID.test(clientRequestId) ? null : badInput('input.clientRequestId', 'must be 1–128 printable ASCII characters without spaces');
}

/**
 * The caller may ask only in its own province's name. Plug point for authorization: give the
 * caller's province when the request is authenticated, null when there is no caller identity.
 */
export function checkFromProvince(callerProvince: ProvinceCode | null, fromProvince: ProvinceCode): GraphQLError | null {
  if (callerProvince === null || callerProvince === fromProvince) return null;
  return forbidden('input.fromProvince', `a caller of ${callerProvince} may not ask for mutual aid in the name of ${fromProvince}`);
}

/** A text the system cannot store as sent: BAD_USER_INPUT naming the argument and the code points or the length. */
export function textProblem(province: ProvinceCode, storage: TextStorage, input: MutualAidRequestInput): GraphQLError | null {
  const problem = unstorableText(province, storage, input);
  if (!problem) return null;
  const facts = problem.kind === 'characters' ? { codePoints: problem.codePoints } : { length: problem.length, maxLength: problem.maxLength };
  return badInput(problem.argument, problem.message, facts);
}

/**
 * Everything the systems would refuse, found before anything is sent: the first problem as a
 * BAD_USER_INPUT naming the argument (or FORBIDDEN), null when the request may go. `storage` is
 * what the base's system can store of text (its adapter's declaration).
 */
export function mutualAidInputProblem(
  input: MutualAidRequestInput,
  base: RescueBaseRecord | null,
  callerProvince: ProvinceCode | null,
  storage: { province: ProvinceCode; textStorage: TextStorage },
): GraphQLError | null {
  const badId = clientRequestIdProblem(input.clientRequestId);
  if (badId) return badId;
  const notAllowed = checkFromProvince(callerProvince, input.fromProvince);
  if (notAllowed) return notAllowed;
  if (!base) return badInput('input.baseId', `no rescue base ${input.baseId}`);
  if (input.incident.title.trim() === '') return badInput('input.incident.title', 'must not be empty');
  const { lng, lat } = input.incident.location;
  if (!(lng >= CHINA.minLng && lng <= CHINA.maxLng && lat >= CHINA.minLat && lat <= CHINA.maxLat)) {
    return badInput('input.incident.location', `${lng},${lat} is not a WGS-84 position in China`);
  }
  if (Number.isNaN(Date.parse(input.incident.occurredAt))) return badInput('input.incident.occurredAt', 'is not a time');
  if (input.contact.trim() === '') return badInput('input.contact', 'must not be empty');
  const unstorable = textProblem(storage.province, storage.textStorage, input);
  if (unstorable) return unstorable;

  const teams = new Set(base.teams.map((t) => t.id));
  const foreign = input.teamIds.filter((id) => !teams.has(id));
  if (foreign.length > 0) return badInput('input.teamIds', `${foreign.join(', ')} not teams of ${base.id}`);

  const wanted = new Map<string, number>();
  for (const m of input.materials) {
    if (!(Number.isFinite(m.quantity) && m.quantity > 0)) return badInput('input.materials', `quantity of ${m.code} must be positive`);
    wanted.set(m.code, (wanted.get(m.code) ?? 0) + m.quantity);
  }
  for (const [code, quantity] of wanted) {
    const stocks = base.materials.filter((s) => s.code === code);
    if (stocks.length === 0) return badInput('input.materials', `${base.id} stocks no material ${code}`);
    const stocked = stocks.reduce((sum, s) => sum + s.quantity, 0);
    if (stocked < quantity) return badInput('input.materials', `${base.id} stocks ${stocked} of ${code}, ${quantity} asked`);
  }
  return null;
}
