import { EventEmitter } from 'node:events';
import { promises as fs, watchFile, unwatchFile, type Stats } from 'node:fs';
import path from 'node:path';
import { RegistryError } from './errors';
import { withFileLock } from './file-lock';
import type { ChainedRecord, RegistryStore } from './store';
import type { SchemaCheckRecord, SchemaVersionRecord } from './types';

type Line<V, C> = { kind: 'version'; record: V } | { kind: 'check'; record: C };

export interface FileRegistryStoreOptions {
  /** The JSON-lines history file; created with its folder when missing. */
  file: string;
  /** How long to wait for another process's lock before giving up. */
  lockTimeoutMs?: number;
  /** How often other processes' appends are looked for, once someone listens. */
  watchIntervalMs?: number;
}

/**
 * History in an append-only JSON-lines file. Writers take an O_EXCL lock file (holding the
 * writer's pid, so a lock left by a dead process is broken), re-read the head under the lock and
 * append with one write.
 */
export class FileRegistryStore<V extends ChainedRecord = SchemaVersionRecord, C = SchemaCheckRecord> implements RegistryStore<V, C> {
  private readonly file: string;
  private readonly lockTimeoutMs: number;
  private readonly watchIntervalMs: number;
  private readonly events = new EventEmitter();
  private watching = false;
  private lastAnnounced = 0;

  constructor(options: FileRegistryStoreOptions) {
    this.file = path.resolve(options.file);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.watchIntervalMs = options.watchIntervalMs ?? 250;
  }

  async versions(): Promise<V[]> {
    return (await this.read()).flatMap((l) => (l.kind === 'version' ? [l.record] : []));
  }

  async version(number: number): Promise<V | null> {
    return (await this.versions()).find((v) => v.number === number) ?? null;
  }

  async latestVersion(): Promise<V | null> {
    const all = await this.versions();
    return all[all.length - 1] ?? null;
  }

  async checks(): Promise<C[]> {
    return (await this.read()).flatMap((l) => (l.kind === 'check' ? [l.record] : []));
  }

  async appendVersion(version: V, check: C): Promise<void> {
    await this.locked(async () => {
      const latest = await this.latestVersion();
      const expected = (latest?.number ?? 0) + 1;
      if (version.number !== expected || version.previousHash !== (latest?.hash ?? null)) {
        throw new RegistryError('VERSION_CONFLICT', `version ${version.number} is not the next version (expected ${expected})`, { expected, got: version.number });
      }
      await this.write([{ kind: 'version', record: version }, { kind: 'check', record: check }]);
    });
    this.announce(version.number);
  }

  async appendCheck(check: C): Promise<void> {
    await this.locked(() => this.write([{ kind: 'check', record: check }]));
  }

  onLiveVersion(listener: (number: number) => void): () => void {
    this.events.on('live', listener);
    this.startWatching();
    return () => {
      this.events.off('live', listener);
      if (this.events.listenerCount('live') === 0) this.stopWatching();
    };
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    this.stopWatching();
  }

  private announce(number: number): void {
    if (number <= this.lastAnnounced) return;
    this.lastAnnounced = number;
    this.events.emit('live', number);
  }

  private readonly onFileChange = (current: Stats, previous: Stats): void => {
    if (current.size === previous.size && current.mtimeMs === previous.mtimeMs) return;
    this.latestVersion().then(
      (latest) => latest && this.announce(latest.number),
      () => undefined,
    );
  };

  private startWatching(): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.file, { interval: this.watchIntervalMs, persistent: false }, this.onFileChange);
    this.latestVersion().then(
      (latest) => {
        if (latest && this.lastAnnounced === 0) this.lastAnnounced = latest.number;
      },
      () => undefined,
    );
  }

  private stopWatching(): void {
    if (!this.watching) return;
    this.watching = false;
    unwatchFile(this.file, this.onFileChange);
  }

  private async read(): Promise<Line<V, C>[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines: Line<V, C>[] = [];
    let versions = 0;
    for (const [index, raw] of text.split('\n').entries()) {
      if (!raw.trim()) continue;
      let line: Line<V, C>;
      try {
        line = JSON.parse(raw) as Line<V, C>;
      } catch {
        throw new RegistryError('REGISTRY_CORRUPT', `${this.file}:${index + 1} is not JSON`, { line: index + 1, afterVersion: versions });
      }
      if (line.kind === 'version') versions++;
      lines.push(line);
    }
    return lines;
  }

  private async write(lines: Line<V, C>[]): Promise<void> {
    const handle = await fs.open(this.file, 'a');
    try {
      await handle.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return withFileLock(this.file, this.lockTimeoutMs, work);
  }
}
