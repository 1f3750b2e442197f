import { EventEmitter } from 'node:events';
import type { SubgraphHealthCheckFunction, SupergraphManager, SupergraphSdlHook, SupergraphSdlUpdateFunction } from '@apollo/gateway';

type HookOptions = Parameters<SupergraphSdlHook>[0];
import { RegistryError } from '../../schema/registry/errors';
import type { Registry } from '../../schema/registry/registry';

export interface RegistrySupergraphOptions {
  registry: Registry;
  /** Ask @apollo/gateway to health-check the subgraphs of a new version before serving it. */
  healthCheckBeforeUpdate?: boolean;
  /** A version the gateway refused or could not load; default: logged to stderr. The gateway keeps serving the previous one. */
  onError?: (error: unknown, versionNumber: number) => void;
  /** On an empty registry, how long to wait for the first version before refusing to start (default 0: refuse at once). */
  waitForFirstMs?: number;
}

/**
 * Serves the registry's live version and hot-reloads every newer one: the registry announces
 * new live versions (in process, by file watching, or through Redis pub/sub), and each is handed
 * to @apollo/gateway's `update`, which swaps the schema for new requests while requests in
 * flight finish on the schema they started with.
 */
export class RegistrySupergraphManager implements SupergraphManager {
  private current: number | null = null;
  private stopped = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly events = new EventEmitter();

  constructor(private readonly options: RegistrySupergraphOptions) {}

  /** The version number being served, once initialized. */
  get versionNumber(): number | null {
    return this.current;
  }

  /** Called after each version is handed to the gateway. */
  onUpdate(listener: (versionNumber: number) => void): () => void {
    this.events.on('update', listener);
    return () => this.events.off('update', listener);
  }

  async initialize({ update, healthCheck }: HookOptions): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    const { registry } = this.options;
    const unsubscribe = registry.onLiveVersion(() => {
      this.chain = this.chain.then(() => this.reload(update, healthCheck));
    });
    const live = (await registry.liveVersion()) ?? (await this.firstVersion(this.options.waitForFirstMs ?? 0));
    if (!live) {
      unsubscribe();
      throw new RegistryError('REGISTRY_EMPTY', 'the schema registry has no version to serve; publish the subgraphs first');
    }
    this.current = live.number;
    // A version announced while this one was read is loaded next (reload keeps only newer ones).
    this.chain = this.chain.then(() => this.reload(update, healthCheck));
    return {
      supergraphSdl: live.supergraphSdl,
      cleanup: async () => {
        this.stopped = true;
        unsubscribe();
        await this.chain;
      },
    };
  }

  /** The registry's first live version, once one is published within `waitMs`; null otherwise. */
  private async firstVersion(waitMs: number): Promise<Awaited<ReturnType<Registry['liveVersion']>>> {
    if (waitMs <= 0) return null;
    const { registry } = this.options;
    let unsubscribe: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve) => {
        unsubscribe = registry.onLiveVersion(() => resolve());
        timer = setTimeout(resolve, waitMs);
      });
    } finally {
      unsubscribe();
      clearTimeout(timer);
    }
    return registry.liveVersion();
  }

  /** Loads the newest live version rather than the announced one, so a burst of publishes coalesces. */
  private async reload(update: SupergraphSdlUpdateFunction, healthCheck: SubgraphHealthCheckFunction): Promise<void> {
    if (this.stopped || this.current === null) return;
    let number = 0;
    try {
      const live = await this.options.registry.liveVersion();
      if (this.stopped || !live || (this.current !== null && live.number <= this.current)) return;
      number = live.number;
      if (this.options.healthCheckBeforeUpdate) await healthCheck(live.supergraphSdl);
      update(live.supergraphSdl);
      this.current = live.number;
      this.events.emit('update', live.number);
    } catch (error) {
      const report = this.options.onError ?? ((e: unknown, n: number) => console.error(`registry: version ${n} was not loaded into the gateway: ${(e as Error).message}`));
      report(error, number);
    }
  }
}
