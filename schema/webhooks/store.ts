import type { DeadLetter, Delivery, WebhookRegistration } from './types';

/**
 * Registrations, the delivery queue and the dead letters, shared by every gateway (a file, or
 * Redis when REDIS_URL is set). The queue is leased: `claim` hands a due delivery to one caller
 * and hides it from the others until the lease ends, so a gateway that dies mid-attempt leaves it
 * to another (at least once), and two gateways never send it at the same time.
 */
export interface WebhookStore {
  add(registration: WebhookRegistration): Promise<void>;
  list(): Promise<WebhookRegistration[]>;
  get(id: string): Promise<WebhookRegistration | null>;
  /** Removes the registration and its pending deliveries (its dead letters stay readable); false when unknown. */
  remove(id: string): Promise<boolean>;
  /** Queues a delivery due now, unless one with its id was queued before (two gateways resolving the same event send it once). */
  enqueue(delivery: Delivery): Promise<boolean>;
  /** Up to `limit` deliveries due at `now`, each leased to the caller until now + leaseMs. */
  claim(now: number, leaseMs: number, limit: number): Promise<Delivery[]>;
  /** The target accepted it: it leaves the queue. */
  delivered(id: string): Promise<void>;
  /** Another attempt at `at` (ms since the epoch), with the attempts and last error counted so far. */
  retryAt(delivery: Delivery, at: number): Promise<void>;
  /** The last attempt failed: from the queue to the dead letters. */
  deadLetter(delivery: Delivery, at: Date): Promise<void>;
  deadLetters(webhookId?: string): Promise<DeadLetter[]>;
  /** A dead letter back into the queue, due now, its attempts counted afresh; null when there is none with this id. */
  replay(id: string): Promise<Delivery | null>;
  /** The newest event id a subscription webhook has taken from its stream (resumes after a restart). */
  cursor(webhookId: string): Promise<string | null>;
  /** Moves the cursor forward only (compare: negative, zero or positive). */
  advanceCursor(webhookId: string, eventId: string): Promise<void>;
  /** Takes or renews a named lease for `owner`; false while another owner holds it. */
  lease(name: string, owner: string, ms: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

/** Negative, zero or positive as event id a is before, at or after b ("<ms>-<n>"). */
export function compareStreamIds(a: string, b: string): number {
  const [am, an] = a.split('-').map(Number);
  const [bm, bn] = b.split('-').map(Number);
  return am === bm ? an - bn : am - bm;
}

/** How long a queued delivery's id is remembered after it left the queue, so that a late repeat is not sent again. */
export const SEEN_MS = 7 * 24 * 3600 * 1000;
