import { Buffer } from 'node:buffer';

/**
 * A value's JSON text as UTF-8 bytes, byte for byte what `Buffer.from(JSON.stringify(value))`
 * gives, written straight into one buffer kept for the next value. JSON.stringify builds its text
 * as a string of parts that encoding first copies into one string (over 128 KiB, 64 K characters
 * of Chinese text, in fresh pages of V8's own), and every answer's text was garbage the young
 * generation had to make room for. Here no string is made for the text: plain objects and lists
 * are walked, strings that need no escaping are copied or encoded as they are, and anything JSON.stringify
 * would treat specially (toJSON, instances of classes, escapes) is written from JSON.stringify's
 * text of that value alone.
 */

/**
 * A string with none of the characters JSON.stringify escapes: quote, backslash, controls, and
 * surrogates (written as `\udxxx` when alone). Anchored, because V8 runs `^[^…]*$` as one tight loop
 * where an unanchored `[…]` starts a match at every character, twice as slow over ASCII text.
 */
// eslint-disable-next-line no-control-regex -- the controls are what it looks for
const UNESCAPED = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const NEWLINE = 0x0a;

/** Strings up to this length are copied character by character; longer ones are checked with UNESCAPED and encoded by Buffer.write. */
const SHORT_STRING = 32;

/** From this depth on, the rest of a value is left to JSON.stringify (which names a cycle where this walk would overflow the stack). */
const MAX_DEPTH = 500;

const hasOwn = Object.prototype.hasOwnProperty;

type Json = Record<string, unknown>;

class JsonBytesWriter {
  private static kept: JsonBytesWriter | null = null;
  /** A writer whose buffer grew past this is not kept for the next value. */
  private static readonly KEPT_BYTES = 4 * 1024 * 1024;

  private buffer = Buffer.allocUnsafe(128 * 1024);
  private at = 0;

  /** The kept writer, or a new one while the kept one is in use (a toJSON that encodes). */
  static take(): JsonBytesWriter {
    const writer = JsonBytesWriter.kept ?? new JsonBytesWriter();
    JsonBytesWriter.kept = null;
    writer.at = 0;
    return writer;
  }

  release(): void {
    if (this.buffer.length <= JsonBytesWriter.KEPT_BYTES) JsonBytesWriter.kept = this;
  }

  /** A copy of what is written, of its exact size. */
  bytes(): Buffer {
    const bytes = Buffer.allocUnsafe(this.at);
    this.buffer.copy(bytes, 0, 0, this.at);
    return bytes;
  }

  byte(code: number): void {
    if (this.at === this.buffer.length) this.grow(1);
    this.buffer[this.at++] = code;
  }

  /** `text` encoded as it is (at most three bytes a UTF-16 unit). */
  text(text: string): void {
    const most = text.length * 3;
    if (this.at + most > this.buffer.length) this.grow(most);
    this.at += this.buffer.write(text, this.at);
  }

  /** Text of ASCII characters only (a number, `true`, `null`), copied without a call into the encoder. */
  ascii(text: string): void {
    const length = text.length;
    if (this.at + length > this.buffer.length) this.grow(length);
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < length; i++) buffer[at++] = text.charCodeAt(i);
    this.at = at;
  }

  string(value: string): void {
    const length = value.length;
    if (length > SHORT_STRING) {
      this.longString(value);
      return;
    }
    // Short ones (names, ids, keys: most strings of an answer) copied here cost less than a call into the encoder.
    if (this.at + length + 2 > this.buffer.length) this.grow(length + 2);
    const buffer = this.buffer;
    let at = this.at;
    buffer[at++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) {
        this.longString(value);
        return;
      }
      buffer[at++] = code;
    }
    buffer[at++] = QUOTE;
    this.at = at;
  }

  private longString(value: string): void {
    if (!UNESCAPED.test(value)) {
      this.text(JSON.stringify(value));
      return;
    }
    const most = value.length * 3 + 2;
    if (this.at + most > this.buffer.length) this.grow(most);
    this.buffer[this.at++] = QUOTE;
    this.at += this.buffer.write(value, this.at);
    this.buffer[this.at++] = QUOTE;
  }

  /** A value as JSON.stringify writes it once its toJSON (if any) has been called: not one it leaves out. */
  value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.string(value);
        return;
      case 'number':
        this.ascii(Number.isFinite(value) ? String(value) : 'null');
        return;
      case 'boolean':
        this.ascii(value ? 'true' : 'false');
        return;
      case 'object':
        if (value === null) this.ascii('null');
        else if (Array.isArray(value) && depth < MAX_DEPTH) this.list(value, depth);
        else if (depth < MAX_DEPTH && isPlain(value)) this.object(value, depth);
        // Boxed primitives, instances of classes, and what is too deep: JSON.stringify's own rules.
        else this.text(JSON.stringify(value));
        return;
      default:
        // bigint: JSON.stringify throws what it throws.
        this.text(String(JSON.stringify(value)));
    }
  }

  private list(list: readonly unknown[], depth: number): void {
    this.byte(OPEN_LIST);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.byte(COMMA);
      const element = withToJSON(list[i], i);
      if (isLeftOut(element)) this.ascii('null');
      else this.value(element, depth + 1);
    }
    this.byte(CLOSE_LIST);
  }

  private object(object: Json, depth: number): void {
    this.byte(OPEN_OBJECT);
    let first = true;
    // for...in lists own enumerable keys in JSON.stringify's order without building an array of them.
    for (const key in object) {
      if (!hasOwn.call(object, key)) continue;
      const field = withToJSON(object[key], key);
      if (isLeftOut(field)) continue;
      if (!first) this.byte(COMMA);
      first = false;
      this.string(key);
      this.byte(COLON);
      this.value(field, depth + 1);
    }
    this.byte(CLOSE_OBJECT);
  }

  private grow(more: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + more));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }
}

function isPlain(value: object): value is Json {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What JSON.stringify writes for a value held under `key`: what its toJSON gives for that key, if it has one. */
function withToJSON(value: unknown, key: string | number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, String(key)) : value;
}

/** What JSON.stringify leaves out of an object (and writes as null in a list). */
function isLeftOut(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** `JSON.stringify(value)` and a newline, as UTF-8 bytes (an object or a list: a value JSON.stringify gives text for). */
export function jsonLineBytes(value: object): Buffer {
  const writer = JsonBytesWriter.take();
  try {
    const resolved = withToJSON(value, '');
    if (isLeftOut(resolved)) throw new TypeError('jsonLineBytes: JSON.stringify gives no text for this value');
    writer.value(resolved, 0);
    writer.byte(NEWLINE);
    return writer.bytes();
  } finally {
    writer.release();
  }
}
