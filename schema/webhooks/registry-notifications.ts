import type { ChainedRecord, RegistryStore } from '../registry/store';
import type { CatalogStore } from '../registry/catalog/open-catalog-store';
import type { CatalogCheckRecord, CatalogVersionRecord } from '../registry/catalog/types';
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

/** What a store's appended version or refused check announces. */
interface Announcement {
  type: RegistryEventType;
  /** Makes the delivery ids: the same event queued twice is sent once. */
  key: string;
  summary: Record<string, unknown>;
}

interface Announcements<V, C> {
  version(version: V): Announcement;
  /** Null for an accepted check (its version announces it). */
  check(check: C): Announcement | null;
}

/**
 * A registry store (schemas' or the catalog's), announcing what is appended: a version
 * (published, approved or rolled back) and a refused check. Every other method is the store's own
 * (a proxy, so that methods the store gains pass through unchanged). A notification that cannot be
 * queued is reported, never a reason for the publish to fail: the history is what matters.
 */
function announcingStore<V extends ChainedRecord, C, S extends RegistryStore<V, C>>(inner: S, openWebhooks: () => WebhookStore, onError: (error: unknown) => void, announce: Announcements<V, C>): S {
  // Opened at the first notification: reading the history connects to nothing more.
  let opened: WebhookStore | null = null;
  const webhooks = (): WebhookStore => (opened ??= openWebhooks());
  const send = (a: Announcement | null) => (a ? notifyRegistryEvent(webhooks(), a.type, a.key, a.summary).then(() => undefined, onError) : Promise.resolve());
  const overrides: Partial<RegistryStore<V, C>> = {
    async appendVersion(version: V, check: C): Promise<void> {
      await inner.appendVersion(version, check);
      await send(announce.version(version));
    },
    async appendCheck(check: C): Promise<void> {
      await inner.appendCheck(check);
      await send(announce.check(check));
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
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof RegistryStore<V, C>];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const kindOf = (version: { rollbackOf: number | null; approval: unknown }) => (version.rollbackOf !== null ? 'rolled_back' : version.approval ? 'approved' : 'published');

/** The schema registry's store announcing registry.published, .approved, .rolled_back and .refused. */
export function notifyingRegistryStore(inner: RegistryStore, openWebhooks: () => WebhookStore, onError: (error: unknown) => void = () => undefined): RegistryStore {
  return announcingStore<SchemaVersionRecord, SchemaCheckRecord, RegistryStore>(inner, openWebhooks, onError, {
    version: (v) => ({ type: `registry.${kindOf(v)}`, key: `v${v.number}_${v.hash.slice(0, 16)}`, summary: versionSummary(v) }),
    check: (c) => (c.accepted ? null : { type: 'registry.refused', key: `chk_${c.id}`, summary: refusalSummary(c) }),
  });
}

/** What a catalog version changed: who may see which field, as the catalog's diff says it (WIDENED, NARROWED, …). */
function catalogSummary(version: CatalogVersionRecord) {
  const { number, hash, previousHash, publishedBy, createdAt, approval, rollbackOf, changes } = version;
  return { catalogVersion: number, hash, previousHash, publishedBy, createdAt, approval, rollbackOf, changes };
}

/** The sharing catalog's store announcing registry.catalog_published, _approved, _rolled_back and _refused. */
export function notifyingCatalogStore(inner: CatalogStore, openWebhooks: () => WebhookStore, onError: (error: unknown) => void = () => undefined): CatalogStore {
  return announcingStore<CatalogVersionRecord, CatalogCheckRecord, CatalogStore>(inner, openWebhooks, onError, {
    version: (v) => ({ type: `registry.catalog_${kindOf(v)}`, key: `cat${v.number}_${v.hash.slice(0, 16)}`, summary: catalogSummary(v) }),
    check: (c) => (c.accepted ? null : { type: 'registry.catalog_refused', key: `catchk_${c.id}`, summary: { check: c.id, at: c.at, by: c.by, errors: c.errors, changes: c.changes } }),
  });
}
