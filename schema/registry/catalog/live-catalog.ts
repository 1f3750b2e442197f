import type { Caller, CatalogEntry } from '../../sharing-catalog';
import { conditionalFieldsOf, DEFAULT_CATALOG } from './content';
import type { CatalogStore } from './open-catalog-store';
import type { CatalogContent, CatalogVersionRecord } from './types';

/** One catalog version as the enforcing code reads it; a request keeps the view it started with. */
export class CatalogView {
  private readonly fields: Map<string, CatalogEntry>;

  constructor(
    readonly content: CatalogContent,
    /** The published version; null: sharing-catalog.md's, before any version is published. */
    readonly version: number | null,
    readonly hash: string,
  ) {
    this.fields = conditionalFieldsOf(content);
  }

  /** The entry a field is shared under; null: unconditional. */
  entryOf(coordinate: string): CatalogEntry | null {
    return this.fields.get(coordinate) ?? null;
  }

  mayReadRegistry(caller: Caller): boolean {
    return caller.role !== null && this.content.registryRoles.includes(caller.role);
  }
}

export const DEFAULT_VIEW = new CatalogView(DEFAULT_CATALOG, null, 'default');

/**
 * The live catalog of one process: the newest published version, followed as the store announces
 * new ones (Redis pub/sub, or the file's stat polled), so that no restart is needed. A version
 * that cannot be read leaves the last one in force.
 */
export class LiveCatalog {
  private view: CatalogView = DEFAULT_VIEW;
  private readonly listeners = new Set<(view: CatalogView) => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly store: CatalogStore | null) {}

  /** A catalog that never changes (tests, and a process without a registry store). */
  static fixed(view: CatalogView = DEFAULT_VIEW): LiveCatalog {
    const live = new LiveCatalog(null);
    live.view = view;
    return live;
  }

  current(): CatalogView {
    return this.view;
  }

  /**
   * Loads the live version and follows the store's announcements. A store that cannot be read
   * fails the start, unless `tolerateUnreadable` (a process that enforces nothing by it) keeps the
   * document's catalog until the store answers.
   */
  async start(options: { tolerateUnreadable?: boolean } = {}): Promise<this> {
    if (!this.store || this.unsubscribe) return this;
    const first = this.store.latestVersion();
    this.apply(options.tolerateUnreadable ? await first.catch(() => null) : await first);
    this.unsubscribe = this.store.onLiveVersion(() => void this.reload());
    await this.reload();
    return this;
  }

  onChange(listener: (view: CatalogView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.store?.close();
  }

  private async reload(): Promise<void> {
    this.apply((await this.store?.latestVersion().catch(() => null)) ?? null);
  }

  private apply(latest: CatalogVersionRecord | null): void {
    if (!latest || latest.number === this.view.version) return;
    if (this.view.version !== null && latest.number < this.view.version) return;
    this.view = new CatalogView({ entries: latest.entries, registryRoles: latest.registryRoles }, latest.number, latest.hash);
    for (const listener of this.listeners) listener(this.view);
  }
}
