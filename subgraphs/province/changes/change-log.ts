import { randomUUID } from 'node:crypto';
import type { ChangeFeedPage } from '../../../schema/push/feed';

/**
 * The changes one province subgraph detected, numbered from this process's start (its epoch),
 * the newest `capacity` kept. A reader that comes back with a position the log no longer holds
 * (another epoch, or trimmed) starts from the oldest kept: the gateway's bus drops what it
 * already has by each change's key, so nothing is delivered twice.
 */
export class ChangeLog<E> {
  readonly epoch = randomUUID();
  private readonly entries: { seq: number; entry: E }[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  append(entries: readonly E[]): void {
    for (const entry of entries) this.entries.push({ seq: ++this.seq, entry });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Where the log is now, as `after` takes it. */
  position(): string {
    return `${this.epoch}:${this.seq}`;
  }

  /** `after`: "<epoch>:<seq>" from a previous page, or null for everything kept. */
  since(after: string | null, unavailable: string | null): ChangeFeedPage<E> {
    const [epoch, seqText] = (after ?? '').split(':');
    const from = epoch === this.epoch ? Number(seqText) || 0 : 0;
    return { epoch: this.epoch, seq: this.seq, entries: this.entries.filter((e) => e.seq > from).map((e) => e.entry), unavailable };
  }
}
