import { GraphQLError } from 'graphql';
import type { Clock } from '../../../adapters/kit/clock';
import { LegacyRejectedError, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { ProvinceAdapter, WriteGuarantee } from '../../../adapters/kit/province-adapter';
import { globalId, type MutualAidRequestInput, type ProvinceCode } from '../../../schema/model';
import { conflict, journalUnavailable, legacyRejected, mutualAidPending } from './errors';
import { requestFingerprint } from './fingerprint';
import type { CreatedRequest, JournalEntry, MutualAidJournal } from './journal';
import { LockBusyError, type RequestLock } from './request-lock';
import { clientRequestIdProblem } from './validation';
import { ErrorCodes } from '../../../schema/error-codes';
import { inSpan, tracer } from '../../../schema/telemetry/spans';

export interface ExactlyOnceOptions {
  adapter: ProvinceAdapter;
  clock: Clock;
  journal: MutualAidJournal;
  lock: RequestLock;
  /** A system without idempotency (AH): how long after an unanswered attempt its lookup is trusted to say "not there". Default 15 000. */
  settleMs?: number;
  /** A system without idempotency (AH): how far before an entry's start its lookup reads (clock skew, journal loss). Default 1 h. */
  lookbackMs?: number;
  /** Default: the adapter's own. */
  guarantee?: WriteGuarantee;
  /** Events an operator should see (duplicates found outside this path, sweep results). */
  onEvent?: (event: MutualAidEvent) => void;
}

export type MutualAidEvent =
  | { kind: 'duplicate-in-system'; province: ProvinceCode; clientRequestId: string; sourceIds: string[] }
  | { kind: 'sweep'; province: ProvinceCode; settled: number; left: number };

/** A journal entry whose request the system holds. */
export type CreatedEntry = JournalEntry & { state: 'created'; created: CreatedRequest };

export interface SweepResult {
  settled: number;
  left: number;
  /** The earliest time (epoch ms) at which a sweep may settle what was left, null when nothing waits. */
  retryAt: number | null;
}

/**
 * Mutual-aid writes that happen exactly once per clientRequestId, whatever the system supports.
 *
 * Under a lock per clientRequestId: a journal entry is written `pending` before anything is sent;
 * a repeat of a created request answers the original; a pending one is settled first, by sending
 * again with the same idempotency key (SH, JS, ZJ) or, for a system without idempotency (AH), by
 * looking the clientRequestId up in the system (the adapter's write guarantee) before any
 * (re-)submit, and not before an unanswered attempt has had `settleMs` to arrive.
 */
export class ExactlyOnceMutualAid {
  readonly province: ProvinceCode;
  private readonly guarantee: WriteGuarantee;
  private readonly settleMs: number;
  private readonly lookbackMs: number;

  constructor(private readonly options: ExactlyOnceOptions) {
    this.province = options.adapter.province;
    this.guarantee = options.guarantee ?? options.adapter.writeGuarantee;
    this.settleMs = options.settleMs ?? 15_000;
    this.lookbackMs = options.lookbackMs ?? 3600_000;
  }

  /**
   * The request created for `input.clientRequestId`: created now (`createdNow`), or the one created before. `check`
   * runs only for a clientRequestId never seen, before anything is written; a problem it returns is
   * thrown and nothing is journaled or sent.
   */
  async request(input: MutualAidRequestInput, check: () => Promise<GraphQLError | null>): Promise<{ entry: CreatedEntry; createdNow: boolean }> {
    const crid = input.clientRequestId;
    const badId = clientRequestIdProblem(crid);
    if (badId) throw badId;
    return this.step('request', crid, () => this.locked(crid, async () => {
      const fingerprint = requestFingerprint(input);
      let entry = await this.journaled(crid, () => this.options.journal.get(crid));
      if (entry) {
        if (entry.province !== this.province) throw conflict(crid, `clientRequestId ${crid} already names a request to a base in ${entry.province}`);
        if (entry.fingerprint !== fingerprint) throw conflict(crid, `clientRequestId ${crid} already names a different request; use a new clientRequestId`);
      } else {
        const problem = await check();
        if (problem) throw problem;
        entry = {
          clientRequestId: crid,
          province: this.province,
          fingerprint,
          request: input,
          state: 'pending',
          startedAt: this.now().toISOString(),
          attempts: 0,
          inDoubtSince: null,
          created: null,
          refusal: null,
        };
        await this.save(entry);
      }
      const createdBefore = entry.state === 'created';
      return { entry: await this.settle(entry), createdNow: !createdBefore };
    }));
  }

  /** The journal's entry of a request created through this path, by global id; null when unknown. */
  async byId(id: string): Promise<JournalEntry | null> {
    const entry = await this.options.journal.byId(id);
    return entry && entry.province === this.province ? entry : null;
  }

  /** Settles every pending entry of this province that can be settled now (after a restart, say). */
  reconcilePending(): Promise<SweepResult> {
    return this.step('sweep', null, () => this.sweep());
  }

  private async sweep(): Promise<SweepResult> {
    const pending = await this.options.journal.pending(this.province);
    let settled = 0;
    let retryAt: number | null = null;
    for (const stale of pending) {
      try {
        await this.locked(stale.clientRequestId, async () => {
          const entry = await this.options.journal.get(stale.clientRequestId);
          if (entry && entry.state === 'pending') await this.settle(entry);
        });
        settled += 1;
      } catch (err) {
        if (err instanceof GraphQLError && err.extensions.code === ErrorCodes.LEGACY_REJECTED) {
          settled += 1;
          continue;
        }
        const wait = err instanceof GraphQLError && typeof err.extensions.retryAfterMs === 'number' ? err.extensions.retryAfterMs : this.settleMs;
        const at = Date.now() + wait;
        retryAt = retryAt === null ? at : Math.min(retryAt, at);
      }
    }
    const result = { settled, left: pending.length - settled, retryAt };
    this.options.onEvent?.({ kind: 'sweep', province: this.province, settled, left: result.left });
    return result;
  }

  private async settle(entry: JournalEntry): Promise<CreatedEntry> {
    if (entry.state === 'created' && entry.created) return entry as CreatedEntry;
    if (entry.state === 'refused') {
      throw legacyRejected(this.province, entry.clientRequestId, entry.refusal?.message ?? 'refused', entry.refusal?.legacyCode ?? null);
    }
    if (this.guarantee.kind === 'idempotency-key') {
      const age = this.now().getTime() - Date.parse(entry.startedAt);
      if (entry.attempts > 0 && age >= this.guarantee.windowMs) {
        throw mutualAidPending(
          this.province,
          entry.clientRequestId,
          `the outcome of ${entry.clientRequestId} cannot be confirmed: it is older than the ${this.province} system's idempotency window, so sending it again could create a second request; an operator must check with ${this.province}`,
        );
      }
      return this.step('submit', entry.clientRequestId, () => this.send(entry));
    }
    if (entry.inDoubtSince !== null) {
      const waited = Date.now() - Date.parse(entry.inDoubtSince);
      if (waited < this.settleMs) {
        throw mutualAidPending(
          this.province,
          entry.clientRequestId,
          `an earlier attempt of ${entry.clientRequestId} got no answer and may still reach the ${this.province} system; repeat the request later`,
          this.settleMs - waited,
        );
      }
    }
    const lookup = this.guarantee;
    const found = await this.step('lookup', entry.clientRequestId, () => this.findInSystem(entry, lookup));
    if (found) return found;
    return this.step('submit', entry.clientRequestId, () => this.send(entry));
  }

  private async findInSystem(entry: JournalEntry, lookup: Extract<WriteGuarantee, { kind: 'lookup-by-client-request-id' }>): Promise<CreatedEntry | null> {
    let matches;
    try {
      matches = await lookup.find(entry.clientRequestId, entry.request.baseId, new Date(Date.parse(entry.startedAt) - this.lookbackMs));
    } catch (err) {
      throw this.unavailable(err, entry, 'the system could not be asked whether an earlier attempt went through; nothing was sent');
    }
    if (matches.length === 0) return null;
    if (matches.length > 1) {
      this.options.onEvent?.({ kind: 'duplicate-in-system', province: this.province, clientRequestId: entry.clientRequestId, sourceIds: matches.map((m) => m.sourceId) });
    }
    const first = matches[0];
    return this.created(entry, { id: globalId(this.province, 'MutualAidRequest', first.sourceId), sourceId: first.sourceId, status: first.status, updatedAt: first.updatedAt });
  }

  /** One attempt, journaled as in doubt until the system answers. */
  private async send(entry: JournalEntry): Promise<CreatedEntry> {
    entry.attempts += 1;
    entry.inDoubtSince = new Date().toISOString();
    await this.save(entry);
    let record;
    try {
      record = await this.options.adapter.submitMutualAid(entry.request);
    } catch (err) {
      if (err instanceof LegacyRejectedError) {
        entry.state = 'refused';
        entry.refusal = { message: err.message, legacyCode: err.legacyCode ?? null };
        entry.inDoubtSince = null;
        await this.save(entry);
        throw legacyRejected(this.province, entry.clientRequestId, err.message, entry.refusal.legacyCode);
      }
      if (err instanceof ProvinceUnavailableError) {
        if (err.delivery !== 'unknown') {
          entry.inDoubtSince = null;
          await this.options.journal.put(entry).catch(() => undefined);
        }
        throw this.unavailable(
          err,
          entry,
          err.delivery === 'not-sent' ? 'nothing was sent; repeat the request with the same clientRequestId' : 'the request may or may not have been created; repeat it with the same clientRequestId',
        );
      }
      throw err;
    }
    return this.created(entry, { id: record.id, sourceId: record.sourceId, status: record.status, updatedAt: record.updatedAt });
  }

  private async created(entry: JournalEntry, created: CreatedRequest): Promise<CreatedEntry> {
    entry.state = 'created';
    entry.created = created;
    entry.inDoubtSince = null;
    await this.save(entry);
    return entry as CreatedEntry;
  }

  private unavailable(err: unknown, entry: JournalEntry, hint: string): GraphQLError {
    if (err instanceof GraphQLError) return err;
    if (err instanceof ProvinceUnavailableError) {
      return new GraphQLError(`${this.province} system unavailable: ${err.message}; ${hint}`, {
        extensions: { code: err.code, province: this.province, clientRequestId: entry.clientRequestId },
      });
    }
    throw err;
  }

  private async save(entry: JournalEntry): Promise<void> {
    await this.journaled(entry.clientRequestId, () => this.options.journal.put(entry));
  }

  private async journaled<T>(clientRequestId: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw journalUnavailable(this.province, clientRequestId, err);
    }
  }

  private async locked<T>(clientRequestId: string, fn: () => Promise<T>): Promise<T> {
    let started = false;
    try {
      return await this.options.lock.run(clientRequestId, () => {
        started = true;
        return fn();
      });
    } catch (err) {
      if (started) throw err;
      if (err instanceof LockBusyError) {
        throw mutualAidPending(this.province, clientRequestId, `another attempt with clientRequestId ${clientRequestId} is in progress; repeat the request later`);
      }
      throw journalUnavailable(this.province, clientRequestId, err);
    }
  }

  /** A step of the exactly-once path in its own span (the clientRequestId is the caller's key for the write, not a credential). */
  private step<T>(step: string, clientRequestId: string | null, fn: () => Promise<T>): Promise<T> {
    const attributes = { 'yrd.province': this.province, 'yrd.mutual_aid.step': step, ...(clientRequestId ? { 'yrd.mutual_aid.client_request_id': clientRequestId } : {}) };
    return inSpan(tracer('yrd-subgraph'), `mutual-aid ${step}`, { attributes }, fn);
  }

  private now(): Date {
    return this.options.clock.now();
  }
}
