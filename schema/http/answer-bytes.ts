import { Buffer } from 'node:buffer';
import type { ApolloServerPlugin, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { jsonLineBytes } from './json-bytes';

/** An answer's UTF-8 bytes, the same as Apollo Server's JSON text of it with its closing newline. */
export function encodeAnswer(value: FormattedExecutionResult): Buffer {
  return jsonLineBytes(value);
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
