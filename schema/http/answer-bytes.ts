import { Buffer } from 'node:buffer';
import type { ApolloServerPlugin, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';

/**
 * An answer's UTF-8 bytes, the same as Apollo Server's JSON text of it with its closing newline,
 * written from parts of that text: each field of `data`, each element of a list in it. JSON.stringify
 * gives the whole answer as a string of parts that encoding must first copy into one; over 128 KiB
 * (64 K characters of Chinese text, held two bytes each) V8 places that copy in fresh pages of its
 * own (its large-object space), which for the gateways benchmark's answer (88 K characters, then
 * held two bytes each) cost more than stringifying it. Parts stay small, so none is copied that way.
 */
export function encodeAnswer(value: FormattedExecutionResult): Buffer {
  const parts = answerParts(value);
  if (parts === null) return Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
  let length = 0;
  for (const part of parts) length += Buffer.byteLength(part);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += bytes.write(part, at);
  return bytes;
}

/** How deep lists are split into their elements (the answer is at -1, `data` at 0, its fields at 1). */
const SPLIT_DEPTH = 3;

/** A value JSON.stringify would show differently in a part than in the whole (one with `toJSON`, which is given its key). */
class NotSplittable extends Error {}

function answerParts(value: FormattedExecutionResult): string[] | null {
  const parts: string[] = [];
  try {
    partsOf(value, -1, parts);
  } catch (e) {
    if (e instanceof NotSplittable) return null;
    throw e;
  }
  parts.push('\n');
  return parts;
}

/** What JSON.stringify leaves out of an object. */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The JSON text of a value of the answer, as parts; one left out of an object stands as null, as in a list. */
function partsOf(value: unknown, depth: number, parts: string[]): void {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new NotSplittable();
  // Objects are split down to the answer's own fields (`errors`, `data`, `extensions`) and data's.
  if (depth > SPLIT_DEPTH || typeof value !== 'object' || value === null || (!Array.isArray(value) && (depth > 0 || !isPlainObject(value)))) {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      partsOf(value[i], depth + 1, parts);
    }
    parts.push(']');
    return;
  }
  let opened = false;
  for (const key of Object.keys(value)) {
    const field: unknown = (value as Record<string, unknown>)[key];
    if (isSkipped(field)) continue;
    parts.push(`${opened ? ',' : '{'}${JSON.stringify(key)}:`);
    opened = true;
    partsOf(field, depth + 1, parts);
  }
  parts.push(opened ? '}' : '{}');
}

interface Slot {
  bytes?: Buffer;
}

/**
 * Hands a request's answer to its HTTP handler as bytes from `encodeAnswer` instead of as Apollo
 * Server's text. Apollo Server stringifies after its plugins and gives the handler only the text,
 * so the three steps meet on objects of this request alone: the handler `expect`s an answer for
 * the HTTP request it passes in; the plugin gives that request's result its own `data` object (a
 * shallow copy); `stringifyResult` encodes the answer holding that object into the request's slot
 * and gives Apollo Server an empty text, which only that handler receives. Any other answer, or
 * one without data, is Apollo Server's text as before.
 */
export class AnswerBytes {
  private readonly slots = new WeakMap<HTTPGraphQLRequest, Slot>();
  private readonly pending = new WeakMap<object, Slot>();

  /** The slot the answer to `request` lands in, when it has data. */
  expect(request: HTTPGraphQLRequest): Slot {
    const slot: Slot = {};
    this.slots.set(request, slot);
    return slot;
  }

  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async ({ request }) => {
        const slot = request.http ? this.slots.get(request.http) : undefined;
        if (!slot) return;
        return {
          willSendResponse: async ({ response }) => {
            if (response.body.kind !== 'single') return;
            const result = response.body.singleResult;
            if (typeof result.data !== 'object' || result.data === null) return;
            const data = { ...result.data };
            result.data = data;
            this.pending.set(data, slot);
          },
        };
      },
    };
  }

  /** Apollo Server's `stringifyResult`. */
  readonly stringifyResult = (value: FormattedExecutionResult): string => {
    const slot = typeof value.data === 'object' && value.data !== null ? this.pending.get(value.data) : undefined;
    if (!slot) return `${JSON.stringify(value)}\n`;
    this.pending.delete(value.data as object);
    slot.bytes = encodeAnswer(value);
    return '';
  };
}
