import { backoffMs, type Backoff } from './backoff';
import type { AttemptOutcome, WebhookSender } from './send';
import type { WebhookStore } from './store';
import type { Delivery, WebhookRegistration } from './types';

export interface DeliveryWorkerOptions {
  store: WebhookStore;
  sender: WebhookSender;
  /** Attempts before a delivery becomes a dead letter. */
  maxAttempts: number;
  backoff: Backoff;
  /** How often the queue is asked for due deliveries. */
  pollMs: number;
  /** How long a claimed delivery is hidden from other gateways: longer than one attempt may take. */
  leaseMs: number;
  /** Each attempt as it ends (metrics, the access log on success, logs). */
  onAttempt?: (delivery: Delivery, webhook: WebhookRegistration, outcome: AttemptOutcome) => void;
  onError?: (error: unknown) => void;
}

const BATCH = 16;

/** Sends what is due in the shared queue: accepted leaves it, a failure comes back after a backoff, the last failure (or a refused target) becomes a dead letter. */
export class DeliveryWorker {
  private stopped = false;
  private readonly running: Promise<void>;
  private wake: () => void = () => undefined;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const claimed = await this.o.store.claim(Date.now(), this.o.leaseMs, BATCH).catch((e: unknown) => {
        this.o.onError?.(e);
        return [];
      });
      await Promise.all(claimed.map((d) => this.deliver(d).catch((e: unknown) => this.o.onError?.(e))));
      if (claimed.length === BATCH || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Asks the queue now rather than at the next poll (after an enqueue or a replay in this process). */
  poke(): void {
    this.wake();
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const webhook = await this.o.store.get(delivery.webhookId);
    if (!webhook) return this.o.store.delivered(delivery.id);
    const outcome = await this.o.sender.attempt(webhook, delivery);
    const counted: Delivery = { ...delivery, attempts: delivery.attempts + 1, lastError: outcome.ok ? delivery.lastError : outcome.reason };
    this.o.onAttempt?.(counted, webhook, outcome);
    if (outcome.ok) return this.o.store.delivered(delivery.id);
    if (outcome.refused || counted.attempts >= this.o.maxAttempts) return this.o.store.deadLetter(counted, new Date());
    await this.o.store.retryAt(counted, Date.now() + backoffMs(counted.attempts, this.o.backoff));
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }
}
