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
const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const SCALARS = ['at', 'clientName', 'kind', 'operationHash', 'operationName', 'outcome', 'previousHash', 'province', 'requestId', 'role', 'seq', 'sub'] as const;

function fastReleases(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object' || Object.keys(r).length !== 3 || !isScalar(r.entry) || !isScalar(r.province) || !isScalar(r.records)) return null;
    out += `${i ? ',' : ''}{"entry":${json(r.entry)},"province":${json(r.province)},"records":${json(r.records)}}`;
  }
  return `${out}]`;
}

/**
 * The same text as canonicalJson for a record of the usual shape, written field by field in
 * sorted order (verification of a million records spends most of its time here); null when the
 * record has another shape (a missing or nested field, a release with other keys), which the
 * generic canonical form then handles.
 */
function fastCanonical(r: Omit<AccessRecord, 'hash'>): string | null {
  const f = r as unknown as Record<string, unknown>;
  for (const key of SCALARS) if (!isScalar(f[key]) || (typeof f[key] === 'number' && !Number.isFinite(f[key]))) return null;
  const released = fastReleases(r.released);
  const refused = fastReleases(r.refused);
  if (released === null || refused === null) return null;
  return `{"at":${json(r.at)},"clientName":${json(r.clientName)},"kind":${json(r.kind)},"operationHash":${json(r.operationHash)},"operationName":${json(r.operationName)},"outcome":${json(r.outcome)},"previousHash":${json(r.previousHash)},"province":${json(r.province)},"refused":${refused},"released":${released},"requestId":${json(r.requestId)},"role":${json(r.role)},"seq":${json(r.seq)},"sub":${json(r.sub)}}`;
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
  const canonicals: string[] = [];
  const records: AccessRecord[] = entries.map((entry) => {
    seq += 1;
    const unhashed = { ...entry, seq, previousHash };
    const canonical = fastCanonical(unhashed) ?? genericCanonical(unhashed);
    canonicals.push(canonical);
    const record = { ...unhashed, hash: sha256Hex(canonical) };
    previousHash = record.hash;
    return record;
  });
  const last = records[records.length - 1];
  const signature = last ? signHead(signer, last) : null;
  if (last && signature) last.signature = signature;
  return { records, lines: records.map((record, i) => storedLine(canonicals[i], record.hash, record.signature)) };
}
