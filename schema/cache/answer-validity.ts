import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { REPEATABLE_ERROR_CODES, isErrorCode } from '../error-codes';

/**
 * How long an answer stays what the same request would be answered again, said in the standard
 * way: `Cache-Control: max-age=<s>, private|public` on a subgraph's answer, `no-store` when it must
 * not be reused. The gateway's response cache keeps an answer for the shortest of its parts.
 */

/** The longest any answer is said to hold, even one that read nothing that changes. */
export const MAX_VALIDITY_MS = 300_000;

/** An error a repeat of the request meets again while the data it read is unchanged (see ../error-codes). */
function isRepeatable(code: unknown): boolean {
  return isErrorCode(code) && REPEATABLE_ERROR_CODES.has(code);
}

export function onlyRepeatableErrors(errors: readonly GraphQLFormattedError[] | undefined): boolean {
  return (errors ?? []).every((e) => isRepeatable(e.extensions?.code) && e.extensions?.stale !== true);
}

export type ValidityScope = 'private' | 'public';

/** The Cache-Control value for an answer valid for `validForMs` (whole seconds, rounded down). */
export function cacheControlFor(validForMs: number, scope: ValidityScope): string {
  const seconds = Math.floor(Math.min(validForMs, MAX_VALIDITY_MS) / 1000);
  return seconds > 0 ? `max-age=${seconds}, ${scope}` : 'no-store';
}

/** The max-age of a Cache-Control value, in seconds; 0 when absent or when the answer must not be stored. */
export function maxAgeOf(cacheControl: string | null | undefined): number {
  if (!cacheControl || /(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const match = /(^|,)\s*max-age=(\d+)\s*(,|$)/i.exec(cacheControl);
  return match ? Number(match[2]) : 0;
}

/**
 * Says on every answer how long it holds: `validForMs(context)` for a query whose errors are all
 * repeatable, `no-store` for anything else (mutations, other errors). Install it instead of Apollo's
 * cache-control plugin, whose per-field hints this service does not use.
 */
export function answerValidity<TContext extends BaseContext>(validForMs: (context: TContext) => number, scope: ValidityScope): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response, contextValue }) {
          const reusable = operation?.operation === 'query' && response.body.kind === 'single' && onlyRepeatableErrors(response.body.singleResult.errors);
          response.http.headers.set('cache-control', reusable ? cacheControlFor(validForMs(contextValue), scope) : 'no-store');
        },
      };
    },
  };
}
