import * as crypto from 'node:crypto';
import { canonicalJson, sha256 } from '../registry/version-hash';
import { signHead, type HeadSigner } from '../registry/signing';
import { storedLine } from './stored-line';
import type { AccessEntry, AccessLogHead, AccessRecord } from './types';

/** sha256 over the canonical JSON of everything in the record except its own hash. */
export function accessRecordHash(record: Omit<AccessRecord, 'hash'>): string {
  return sha256(fastCanonical(record) ?? genericCanonical(record));
}

function genericCanonical(record: Omit<AccessRecord, 'hash'>): string {
  const { seq, previousHash, at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome } = record;
  return canonicalJson({ seq, previousHash, at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome });
}

const json = JSON.stringify;

/** A scalar's JSON text, or null for anything else (an object, undefined, a number JSON cannot hold). */
function scalarJson(v: unknown): string | null {
  if (typeof v === 'string') return json(v);
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? json(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}

function fastReleases(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object' || Object.keys(r).length !== 3) return null;
    const entry = scalarJson(r.entry);
    const province = scalarJson(r.province);
    const records = scalarJson(r.records);
    if (entry === null || province === null || records === null) return null;
    out += `${i ? ',' : ''}{"entry":${entry},"province":${province},"records":${records}}`;
  }
  return `${out}]`;
}

/**
 * The same text as canonicalJson for a record of the usual shape, written field by field in
 * sorted order (the chaining of every record and the verification of a million spend most of
 * their time here); null when the record has another shape (a missing or nested field, a release
 * with other keys), which the generic canonical form then handles.
 */
function fastCanonical(r: Omit<AccessRecord, 'hash'>): string | null {
  const released = fastReleases(r.released);
  const refused = fastReleases(r.refused);
  if (released === null || refused === null) return null;
  let scalars = true;
  const j = (v: unknown): string => {
    const text = scalarJson(v);
    if (text === null) scalars = false;
    return text ?? '';
  };
  const text = `{"at":${j(r.at)},"clientName":${j(r.clientName)},"kind":${j(r.kind)},"operationHash":${j(r.operationHash)},"operationName":${j(r.operationName)},"outcome":${j(r.outcome)},"previousHash":${j(r.previousHash)},"province":${j(r.province)},"refused":${refused},"released":${released},"requestId":${j(r.requestId)},"role":${j(r.role)},"seq":${j(r.seq)},"sub":${j(r.sub)}}`;
  return scalars ? text : null;
}

/** The canonical text the record's hash is taken over (exported for the test that holds both forms equal). */
export const accessRecordCanonical = (record: Omit<AccessRecord, 'hash'>): { fast: string | null; generic: string } => ({ fast: fastCanonical(record), generic: genericCanonical(record) });

/** sha256 of the text as hex (the same as `sha256`), by Node's one-shot hash where it has one (20.12 on): no hash object per record. */
const sha256Hex: (text: string) => string = typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : sha256;

/** Chains entries after the head: each gets the next position and its predecessor's hash; the new head is signed when a signer is given. */
export function chainEntries(head: AccessLogHead | null, entries: readonly AccessEntry[], signer: HeadSigner | null = null): AccessRecord[] {
  return chainRecords(head, entries, signer).records;
}

/** `chainEntries` with each record's line as the stores write it (`storedLine`: verification hashes those bytes as they are). */
export function chainRecords(head: AccessLogHead | null, entries: readonly AccessEntry[], signer: HeadSigner | null = null): { records: AccessRecord[]; lines: string[] } {
  let seq = head?.seq ?? 0;
  let previousHash = head?.hash ?? null;
  const records: AccessRecord[] = new Array<AccessRecord>(entries.length);
  const canonicals: string[] = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    seq += 1;
    const record = chainedRecord(entries[i], seq, previousHash);
    const canonical = fastCanonical(record) ?? genericCanonical(record);
    record.hash = sha256Hex(canonical);
    previousHash = record.hash;
    records[i] = record;
    canonicals[i] = canonical;
  }
  const last = records[records.length - 1];
  const signature = last ? signHead(signer, last) : null;
  if (last && signature) last.signature = signature;
  return { records, lines: records.map((record, i) => storedLine(canonicals[i], record.hash, record.signature)) };
}

/** The entry's fields with its position and link, its hash still to be set: one object of one shape per record (no spread, no field added later). */
function chainedRecord(entry: AccessEntry, seq: number, previousHash: string | null): AccessRecord {
  const { at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome } = entry;
  return { at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome, seq, previousHash, hash: '' };
}
