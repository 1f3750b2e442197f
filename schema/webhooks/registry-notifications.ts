import type { RegistryStore } from '../registry/store';
import type { SchemaCheckRecord, SchemaVersionRecord } from '../registry/types';
import type { WebhookStore } from './store';

/** The registry's events a registry webhook receives. */
export type RegistryEventType = 'registry.published' | 'registry.approved' | 'registry.rolled_back' | 'registry.refused' | `registry.${string}`;

const counts = (changes: SchemaVersionRecord['changes']) => Object.fromEntries((['BREAKING', 'DANGEROUS', 'SAFE'] as const).map((k) => [k, changes.filter((c) => c.criticality === k).length]));

/** What a version changed, for people: its number and chain, who published it, why it was approved, and each change. */
export function versionSummary(version: SchemaVersionRecord) {
  return {
    version: version.number,
    hash: version.hash,
    previousHash: version.previousHash,
    publishedBy: version.publishedBy,
    createdAt: version.createdAt,
    subgraphs: version.subgraphs.map((s) => s.name),
    approval: version.approval,
    rollbackOf: version.rollbackOf,
    counts: counts(version.changes),
    changes: version.changes.map(({ criticality, path, message }) => ({ criticality, path, message })),
  };
}

export function refusalSummary(check: SchemaCheckRecord) {
  return { check: check.id, at: check.at, by: check.by, subgraph: check.subgraph, errors: check.errors, counts: counts(check.changes), changes: check.changes.map(({ criticality, path, message }) => ({ criticality, path, message })) };
}

/**
 * Queues one registry event for every registry webhook (sent by the gateways' delivery workers,
 * signed, retried and dead-lettered like any webhook). `key` makes the delivery ids: the same
 * event queued twice is sent once. Catalog versions (issue 17) queue theirs here too.
 */
export async function notifyRegistryEvent(webhooks: WebhookStore, type: RegistryEventType, key: string, summary: Record<string, unknown>, now: Date = new Date()): Promise<number> {
  let queued = 0;
  for (const webhook of await webhooks.list()) {
    if (webhook.source.kind !== 'registry') continue;
    const delivery = { id: `msg_${key}_${webhook.id.replace(/^wh_/, '')}`, webhookId: webhook.id, type, body: JSON.stringify({ type, timestamp: now.toISOString(), data: summary }), attempts: 0, createdAt: now.toISOString(), lastError: null };
    if (await webhooks.enqueue(delivery)) queued += 1;
  }
  return queued;
}

/**
 * The registry's store, announcing what is appended: a version (published, approved or rolled
 * back) and a refused check. Every other method is the store's own (a proxy, so that methods the
 * store gains pass through unchanged). A notification that cannot be queued is reported, never a
 * reason for the publish to fail: the history is what matters.
 */
export function notifyingRegistryStore(inner: RegistryStore, openWebhooks: () => WebhookStore, onError: (error: unknown) => void = () => undefined): RegistryStore {
  // Opened at the first notification: reading the history connects to nothing more.
  let opened: WebhookStore | null = null;
  const webhooks = (): WebhookStore => (opened ??= openWebhooks());
  const overrides: Partial<RegistryStore> = {
    async appendVersion(version: SchemaVersionRecord, check: SchemaCheckRecord): Promise<void> {
      await inner.appendVersion(version, check);
      const type = version.rollbackOf !== null ? 'registry.rolled_back' : version.approval ? 'registry.approved' : 'registry.published';
      await notifyRegistryEvent(webhooks(), type, `v${version.number}_${version.hash.slice(0, 16)}`, versionSummary(version)).catch(onError);
    },
    async appendCheck(check: SchemaCheckRecord): Promise<void> {
      await inner.appendCheck(check);
      if (!check.accepted) await notifyRegistryEvent(webhooks(), 'registry.refused', `chk_${check.id}`, refusalSummary(check)).catch(onError);
    },
    async close(): Promise<void> {
      try {
        await inner.close();
      } finally {
        await opened?.close();
      }
    },
  };
  return new Proxy(inner, {
    get(target, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof RegistryStore];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
