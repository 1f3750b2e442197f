import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../registry/file-lock';
import { compareStreamIds, SEEN_MS, type WebhookStore } from './store';
import type { DeadLetter, Delivery, WebhookRegistration } from './types';

interface State {
  registrations: Record<string, WebhookRegistration>;
  /** Queued deliveries with when each is due (or leased until). */
  queue: Record<string, { delivery: Delivery; dueAt: number }>;
  dead: Record<string, DeadLetter>;
  /** Delivery ids ever queued, with when: a repeat is not queued again. */
  seen: Record<string, number>;
  cursors: Record<string, string>;
  leases: Record<string, { owner: string; until: number }>;
}

const empty = (): State => ({ registrations: {}, queue: {}, dead: {}, seen: {}, cursors: {}, leases: {} });
const LOCK_TIMEOUT_MS = 5000;

/** The store in one JSON file, each change a read-modify-write under the file lock (processes on one machine share it). */
export class FileWebhookStore implements WebhookStore {
  constructor(private readonly file: string) {}

  private async read(): Promise<State> {
    const text = await fs.readFile(this.file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
    return text ? { ...empty(), ...(JSON.parse(text) as Partial<State>) } : empty();
  }

  private change<T>(work: (state: State) => T): Promise<T> {
    return withFileLock(this.file, LOCK_TIMEOUT_MS, async () => {
      const state = await this.read();
      const result = work(state);
      const temp = `${this.file}.${process.pid}.tmp`;
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.writeFile(temp, JSON.stringify(state));
      await fs.rename(temp, this.file);
      return result;
    });
  }

  async add(registration: WebhookRegistration): Promise<void> {
    await this.change((s) => void (s.registrations[registration.id] = registration));
  }

  async list(): Promise<WebhookRegistration[]> {
    return Object.values((await this.read()).registrations).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<WebhookRegistration | null> {
    return (await this.read()).registrations[id] ?? null;
  }

  remove(id: string): Promise<boolean> {
    return this.change((s) => {
      if (!s.registrations[id]) return false;
      delete s.registrations[id];
      delete s.cursors[id];
      for (const [key, q] of Object.entries(s.queue)) if (q.delivery.webhookId === id) delete s.queue[key];
      return true;
    });
  }

  enqueue(delivery: Delivery): Promise<boolean> {
    return this.change((s) => {
      const now = Date.now();
      for (const [key, at] of Object.entries(s.seen)) if (at < now - SEEN_MS) delete s.seen[key];
      if (s.seen[delivery.id] !== undefined) return false;
      s.seen[delivery.id] = now;
      s.queue[delivery.id] = { delivery, dueAt: now };
      return true;
    });
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<Delivery[]> {
    // Every gateway asks every poll: only a queue with something due is locked and written.
    if (!Object.values((await this.read()).queue).some((q) => q.dueAt <= now)) return [];
    return this.change((s) => {
      const due = Object.values(s.queue).filter((q) => q.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt).slice(0, limit);
      for (const q of due) q.dueAt = now + leaseMs;
      return due.map((q) => q.delivery);
    });
  }

  async delivered(id: string): Promise<void> {
    await this.change((s) => void delete s.queue[id]);
  }

  async retryAt(delivery: Delivery, at: number): Promise<void> {
    await this.change((s) => void (s.queue[delivery.id] &&= { delivery, dueAt: at }));
  }

  async deadLetter(delivery: Delivery, at: Date): Promise<void> {
    await this.change((s) => {
      delete s.queue[delivery.id];
      s.dead[delivery.id] = { ...delivery, deadAt: at.toISOString() };
    });
  }

  async deadLetters(webhookId?: string): Promise<DeadLetter[]> {
    return Object.values((await this.read()).dead)
      .filter((d) => !webhookId || d.webhookId === webhookId)
      .sort((a, b) => a.deadAt.localeCompare(b.deadAt));
  }

  replay(id: string): Promise<Delivery | null> {
    return this.change((s) => {
      const dead = s.dead[id];
      if (!dead) return null;
      delete s.dead[id];
      const { deadAt: _deadAt, ...delivery } = dead;
      const again = { ...delivery, attempts: 0 };
      s.queue[id] = { delivery: again, dueAt: Date.now() };
      return again;
    });
  }

  async cursor(webhookId: string): Promise<string | null> {
    return (await this.read()).cursors[webhookId] ?? null;
  }

  async advanceCursor(webhookId: string, eventId: string): Promise<void> {
    await this.change((s) => {
      const current = s.cursors[webhookId];
      if (s.registrations[webhookId] && (!current || compareStreamIds(eventId, current) > 0)) s.cursors[webhookId] = eventId;
    });
  }

  lease(name: string, owner: string, ms: number): Promise<boolean> {
    return this.change((s) => {
      const now = Date.now();
      const held = s.leases[name];
      if (held && held.owner !== owner && held.until > now) return false;
      s.leases[name] = { owner, until: now + ms };
      return true;
    });
  }

  async release(name: string, owner: string): Promise<void> {
    await this.change((s) => {
      if (s.leases[name]?.owner === owner) delete s.leases[name];
    });
  }

  async close(): Promise<void> {}
}
