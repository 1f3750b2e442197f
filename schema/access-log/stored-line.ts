import * as crypto from 'node:crypto';

/** What verification follows from one record to the next: its position, its link, its hash and the signature it carries. */
export interface ChainLink {
  seq: number;
  previousHash: string | null;
  hash: string;
  signature?: string | null;
}

const HASH_KEY = Buffer.from(',"hash":"');
const SIGNATURE_KEY = Buffer.from(',"signature":"');
const PREVIOUS_KEY = Buffer.from(',"previousHash":');
const SEQ_KEY = Buffer.from(',"seq":');
const SUB_KEY = Buffer.from(',"sub":');
const NULL = Buffer.from('null,');
const HEX_LENGTH = 64;
const QUOTE = 0x22;
const BRACE = 0x7d;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A record as written: its canonical JSON (the text its hash is taken over, keys sorted) with the
 * hash and the signature added last, so that the line up to `,"hash"` and a closing brace is
 * exactly the hashed text, and verification hashes the stored bytes without parsing them.
 */
export function storedLine(canonical: string, hash: string, signature: string | null | undefined): string {
  return `${canonical.slice(0, -1)},"hash":"${hash}"${signature ? `,"signature":"${signature}"` : ''}}`;
}

/** Whether `key` is at `offset`: compared byte by byte in JavaScript, which for keys this short costs less than a call into Buffer's native compare or indexOf. */
function at(line: Buffer, key: Buffer, offset: number): boolean {
  if (offset < 0 || offset + key.length > line.length) return false;
  for (let i = 0; i < key.length; i++) if (line[offset + i] !== key[i]) return false;
  return true;
}

/** The first offset from `from` where `key` is, or -1 (forward when `step` is 1, backward when -1). */
function find(line: Buffer, key: Buffer, from: number, step: 1 | -1): number {
  const first = key[0];
  for (let i = from; i >= 0 && i < line.length; i += step) if (line[i] === first && at(line, key, i)) return i;
  return -1;
}

/** Whether the line holds the hex text `hex` at `offset`. */
function holdsHex(line: Buffer, hex: string, offset: number): boolean {
  if (offset + hex.length > line.length) return false;
  for (let i = 0; i < hex.length; i++) if (line[offset + i] !== hex.charCodeAt(i)) return false;
  return true;
}

/**
 * The link of a stored line written by `storedLine`, when sha256 over its bytes before `,"hash"`
 * (and a closing brace) equals the hash it carries; null otherwise (a line in another layout, an
 * older one, or altered), which the caller then checks by parsing and re-serialising. The
 * position and the previous hash are read from the hashed bytes, where the canonical layout puts
 * them: `"previousHash"` after `"outcome"`, `"seq"` before the last key, `"sub"`.
 */
export function storedLineLink(line: Buffer): ChainLink | null {
  const end = line.length - 1;
  if (end < 100 || line[end] !== BRACE || line[end - 1] !== QUOTE) return null;
  let hashEnd = end - 1;
  let signature: string | undefined;
  if (!at(line, HASH_KEY, hashEnd - HEX_LENGTH - HASH_KEY.length)) {
    const signatureAt = line.lastIndexOf(SIGNATURE_KEY);
    if (signatureAt < 1 || line[signatureAt - 1] !== QUOTE) return null;
    signature = line.toString('latin1', signatureAt + SIGNATURE_KEY.length, end - 1);
    if (!BASE64.test(signature)) return null;
    hashEnd = signatureAt - 1;
  }
  const hashAt = hashEnd - HEX_LENGTH - HASH_KEY.length;
  if (hashAt < 1 || !at(line, HASH_KEY, hashAt)) return null;
  const hash = hashedText(line, hashAt);
  if (!holdsHex(line, hash, hashAt + HASH_KEY.length)) return null;
  const previousHash = previousOf(line);
  const seq = seqOf(line, hashAt);
  if (previousHash === undefined || seq === null) return null;
  return signature === undefined ? { seq, previousHash, hash } : { seq, previousHash, hash, signature };
}

/**
 * sha256 of the line's bytes before `hashAt` and a closing brace. With Node's one-shot hash (20.12
 * on), the brace is written over the comma at `hashAt` for the call and put back: no hash object,
 * no copy, about half the cost per record.
 */
function hashedText(line: Buffer, hashAt: number): string {
  if (typeof crypto.hash !== 'function') return crypto.createHash('sha256').update(line.subarray(0, hashAt)).update('}').digest('hex');
  const kept = line[hashAt];
  line[hashAt] = BRACE;
  try {
    return crypto.hash('sha256', line.subarray(0, hashAt + 1), 'hex');
  } finally {
    line[hashAt] = kept;
  }
}

function previousOf(line: Buffer): string | null | undefined {
  const keyAt = find(line, PREVIOUS_KEY, 0, 1);
  if (keyAt < 0) return undefined;
  const valueAt = keyAt + PREVIOUS_KEY.length;
  if (at(line, NULL, valueAt)) return null;
  const close = valueAt + 1 + HEX_LENGTH;
  return line[valueAt] === QUOTE && line[close] === QUOTE && line[close + 1] === 0x2c ? line.toString('latin1', valueAt + 1, close) : undefined;
}

function seqOf(line: Buffer, before: number): number | null {
  const keyAt = find(line, SEQ_KEY, before, -1);
  if (keyAt < 0) return null;
  let seq = 0;
  let i = keyAt + SEQ_KEY.length;
  for (; line[i] >= 0x30 && line[i] <= 0x39 && i - keyAt < 24; i++) seq = seq * 10 + (line[i] - 0x30);
  return i > keyAt + SEQ_KEY.length && at(line, SUB_KEY, i) ? seq : null;
}
