import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../../schema/error-codes';

/** An event as the bus holds it: its position in its stream ("<ms>-<n>", as Redis Streams number them) and what was published. */
export interface BusEvent<E> {
  id: string;
  entry: E;
}

/** How long and how many events a stream keeps for resuming subscribers. */
export interface Retention {
  ms: number;
  maxLength: number;
}

export type BusListener<E> = (event: BusEvent<E>) => void;

/**
 * The events the gateway delivers, in streams: in process, or Redis Streams shared by every
 * gateway instance (so that any of them serves a resume, and a restart loses nothing).
 */
export interface EventBus<E extends { key: string }> {
  /** Appends the entry unless one with its key is held already; the new id, or null for a repeat. */
  publish(stream: string, entry: E): Promise<string | null>;
  /** The events after `after`, oldest first; throws RESUME_TOO_OLD when events after it were dropped by the retention. */
  after(stream: string, after: string): Promise<BusEvent<E>[]>;
  /**
   * Every event appended after the returned promise resolves, in order, until the function it
   * resolves to is called. Callers that replay with `after` do so once it has resolved, so that
   * replay and live events overlap instead of leaving a gap.
   */
  listen(stream: string, listener: BusListener<E>): Promise<() => void>;
  /**
   * Where the pollers publishing to `stream` stand in a source (a province's feed), kept beside
   * the stream: a gateway that starts polling after another stopped (killed, or nobody watched
   * there) goes on from it instead of from now, so the changes in between are not lost. Repeats
   * are harmless, since publish drops a key already held.
   */
  cursor(stream: string, source: string): Promise<string | null>;
  saveCursor(stream: string, source: string, cursor: string): Promise<void>;
  close(): Promise<void>;
}

const EVENT_ID = /^(\d{1,15})-(\d{1,15})$/;

export function isEventId(id: string): boolean {
  return EVENT_ID.test(id);
}

/** Negative, zero or positive as a is before, at or after b. */
export function compareEventIds(a: string, b: string): number {
  const [am, an] = a.split('-').map(Number);
  const [bm, bn] = b.split('-').map(Number);
  return am === bm ? an - bn : am - bm;
}

export function badEventId(id: string): GraphQLError {
  return new GraphQLError(`"${id}" is not an event id (they look like 1752292800000-0)`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'after' } });
}

export function resumeTooOld(id: string, droppedThrough: string): GraphQLError {
  return new GraphQLError(`events after ${id} are no longer kept (the retention window dropped up to ${droppedThrough}); subscribe without \`after\` and re-read the current state with a query`, {
    extensions: { code: ErrorCodes.RESUME_TOO_OLD, after: id, droppedThrough },
  });
}
