import iconv from 'iconv-lite';
import type { MutualAidRequestInput, ProvinceCode } from '../../schema/model';
import { LegacyRejectedError } from './errors';

/**
 * Whether a legacy system can store the texts a write sends, checked before anything is sent: a
 * text that does not fit is refused, never sent to be corrupted (a GBK encoder writes "?" for what
 * GBK lacks; an XML 1.0 parser refuses the whole request for one control character).
 */

/** The characters a system's storage holds, as its document describes it. */
export interface TextCharset {
  /** How messages name it, e.g. "GBK". */
  readonly name: string;
  holds(codePoint: number): boolean;
}

/** JSON in UTF-8 (SH, ZJ): every Unicode scalar value. */
export const UTF8_JSON: TextCharset = { name: 'UTF-8', holds: () => true };

/** XML 1.0 in UTF-8 (JS): Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
export const XML_1_0: TextCharset = {
  name: 'XML 1.0',
  holds: (cp) => cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff),
};

/** GBK (AH), as its forms are encoded: what GBK has no bytes for would arrive as "?". */
export const GBK: TextCharset = {
  name: 'GBK',
  holds: (cp) => {
    const ch = String.fromCodePoint(cp);
    return iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') === ch;
  },
};

/** One text a write sends, the argument it comes from, and the documented limit of the field that carries it. */
export interface SentText {
  /** The argument path, e.g. "input.incident.title". */
  argument: string;
  /** What the system receives. */
  text: string;
  limit?: { field: string; maxLength: number };
}

export type TextProblem =
  | { argument: string; kind: 'characters'; codePoints: string[]; message: string }
  | { argument: string; kind: 'length'; length: number; maxLength: number; message: string };

/** What a system can store, as its adapter declares it. */
export interface TextStorage {
  readonly charset: TextCharset;
  /** The texts a mutual-aid write sends to the system. */
  mutualAidTexts(input: MutualAidRequestInput): SentText[];
}

export const codePointName = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Tab and newline are text; every other control character (C0, DEL, C1) is refused for every system. */
const isControl = (cp: number): boolean => (cp < 0x20 && cp !== 0x9 && cp !== 0xa) || (cp >= 0x7f && cp <= 0x9f);
/** Half of a surrogate pair without its other half: no character at all, in any encoding. */
const isLoneSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;

function distinct(codePoints: readonly number[]): string[] {
  return [...new Set(codePoints)].map(codePointName);
}

function problemOf(province: ProvinceCode, charset: TextCharset, sent: SentText): TextProblem | null {
  const codePoints = [...sent.text].map((ch) => ch.codePointAt(0) as number);
  const controls = codePoints.filter((cp) => isControl(cp) || isLoneSurrogate(cp));
  if (controls.length > 0) {
    const names = distinct(controls);
    return { argument: sent.argument, kind: 'characters', codePoints: names, message: `holds characters no system can store (control characters other than tab and newline, or lone surrogates): ${names.join(', ')}` };
  }
  const missing = codePoints.filter((cp) => !charset.holds(cp));
  if (missing.length > 0) {
    const names = distinct(missing);
    return { argument: sent.argument, kind: 'characters', codePoints: names, message: `holds characters that the ${province} system (${charset.name}) cannot store: ${names.join(', ')}` };
  }
  if (sent.limit && codePoints.length > sent.limit.maxLength) {
    const { field, maxLength } = sent.limit;
    return { argument: sent.argument, kind: 'length', length: codePoints.length, maxLength, message: `the ${province} system's ${field} holds at most ${maxLength} characters; this makes ${codePoints.length}` };
  }
  return null;
}

/** The first text the system cannot store as sent, null when every one fits. */
export function unstorableText(province: ProvinceCode, storage: TextStorage, input: MutualAidRequestInput): TextProblem | null {
  for (const sent of storage.mutualAidTexts(input)) {
    const problem = problemOf(province, storage.charset, sent);
    if (problem) return problem;
  }
  return null;
}

/** An adapter's last check before a write goes out: refused, as the system would be unable to keep it. */
export function refuseUnstorableText(province: ProvinceCode, storage: TextStorage, input: MutualAidRequestInput): void {
  const problem = unstorableText(province, storage, input);
  if (problem) throw new LegacyRejectedError(province, `${problem.argument} ${problem.message}; nothing was sent`);
}

/** The contract's texts that every system's mutual-aid write carries. */
export function mutualAidInputTexts(input: MutualAidRequestInput): SentText[] {
  return [
    { argument: 'input.clientRequestId', text: input.clientRequestId },
    { argument: 'input.baseId', text: input.baseId },
    { argument: 'input.incident.title', text: input.incident.title },
    ...input.teamIds.map((id) => ({ argument: 'input.teamIds', text: id })),
    ...input.materials.map((m) => ({ argument: 'input.materials', text: m.code })),
    { argument: 'input.contact', text: input.contact },
  ];
}

/** A system that stores the contract's texts in `charset`, with no documented length limits. */
export function storesInputTextsIn(charset: TextCharset): TextStorage {
  return { charset, mutualAidTexts: mutualAidInputTexts };
}
