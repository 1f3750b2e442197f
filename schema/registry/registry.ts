import { randomUUID } from 'node:crypto';
import { changesNeedingApproval } from './approval-policy';
import { RegistryError, isRegistryError } from './errors';
import { signHead, type HeadSigner } from './signing';
import { PROVINCES_SUBGRAPH, type ShardedSubgraph } from './sharded-subgraphs';
import { ChainedHistory } from './chained-history';
import type { RegistryStore } from './store';
import type { SchemaChange, SchemaCheckRecord, SchemaHistoryVerification, SchemaVersionRecord, SubgraphSchema } from './types';
import { verifyChain } from './verify-chain';
import { sha256, versionHash } from './version-hash';

export interface PublishInput {
  /** A subgraph name, a shard's name (e.g. province-SH), or a sharded group's name (provinces: every shard at once). */
  subgraph: string;
  url?: string | null;
  sdl: string;
  by: string;
  /** Required when the API schema changes in a breaking way. */
  approval?: { reason: string } | null;
}

export type PublishOutcome =
  /** A new version was appended and is live. */
  | { status: 'published'; version: SchemaVersionRecord; check: SchemaCheckRecord }
  /** The subgraphs are already what the live version serves; nothing was appended but the check. */
  | { status: 'unchanged'; version: SchemaVersionRecord; check: SchemaCheckRecord }
  /** Composition, shard identity or an unapproved breaking or dangerous change refused it. */
  | { status: 'refused'; check: SchemaCheckRecord };

export interface RegistryOptions {
  shardedSubgraphs?: readonly ShardedSubgraph[];
  now?: () => Date;
  /** Publishes retried after losing a race to another process before giving up. */
  maxAttempts?: number;
  /** Signs each new version's hash (REGISTRY_SIGNING_KEY) and checks the signatures in `verify`; absent: unsigned. */
  signer?: HeadSigner | null;
}

type Evaluation =
  | { kind: 'refused'; errors: string[]; changes: SchemaChange[] }
  | { kind: 'unchanged'; live: SchemaVersionRecord }
  | { kind: 'accepted'; subgraphs: SubgraphSchema[]; supergraphSdl: string; apiSchemaSdl: string; changes: SchemaChange[] };

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The schema registry: every publish is checked (shard identity, composition, API-schema diff
 * against the live version) and either refused, recorded as a check, or appended as the next
 * version of a hash chain, which becomes live at once.
 */
export class Registry extends ChainedHistory<SchemaVersionRecord, SchemaCheckRecord> {
  private readonly groups: readonly ShardedSubgraph[];
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly signer: HeadSigner | null;

  constructor(store: RegistryStore, options: RegistryOptions = {}) {
    super(store);
    this.groups = options.shardedSubgraphs ?? [PROVINCES_SUBGRAPH];
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 100;
    this.signer = options.signer ?? null;
  }

  /** The public key the history is signed with; null where the deployment has no key. */
  get signingKey(): { algorithm: 'Ed25519'; publicKeyPem: string; fingerprint: string } | null {
    return this.signer ? { algorithm: 'Ed25519', publicKeyPem: this.signer.publicKeyPem, fingerprint: this.signer.fingerprint } : null;
  }

  /** Runs the checks without recording anything. */
  async check(input: PublishInput): Promise<{ status: PublishOutcome['status']; errors: string[]; changes: SchemaChange[] }> {
    validate(input);
    const evaluation = await this.evaluate(input, await this.store.latestVersion());
    switch (evaluation.kind) {
      case 'refused':
        return { status: 'refused', errors: evaluation.errors, changes: evaluation.changes };
      case 'unchanged':
        return { status: 'unchanged', errors: [], changes: [] };
      case 'accepted':
        return { status: 'published', errors: [], changes: evaluation.changes };
    }
  }

  async publish(input: PublishInput): Promise<PublishOutcome> {
    validate(input);
    return this.serially(() => this.publishWithRetry(input));
  }

  /** Re-publishes an earlier version's schemas as a new version that points at it. */
  async rollback(to: number, by: string): Promise<PublishOutcome> {
    if (!by.trim()) throw new RegistryError('INVALID_INPUT', 'a publisher identity is required');
    return this.serially(async () => {
      for (let attempt = 1; ; attempt++) {
        const [target, live] = await Promise.all([this.store.version(to), this.store.latestVersion()]);
        if (!target || !live) throw new RegistryError('VERSION_NOT_FOUND', `there is no version ${to}`, { version: to });
        if (target.number === live.number) throw new RegistryError('INVALID_INPUT', `version ${to} is already live`, { version: to });
        const changes = await (await import('./schema-diff')).diffApiSchemas(live.apiSchemaSdl, target.apiSchemaSdl);
        const version = this.seal(live, by, { subgraphs: target.subgraphs, supergraphSdl: target.supergraphSdl, apiSchemaSdl: target.apiSchemaSdl, changes }, null, to);
        const check = this.checkRecord(by, '*', true, [], changes, version.number);
        try {
          await this.store.appendVersion(version, check);
          return { status: 'published', version, check };
        } catch (error) {
          if (!isRegistryError(error, 'VERSION_CONFLICT') || attempt >= this.maxAttempts) throw error;
        }
      }
    });
  }

  async diff(from: number, to: number): Promise<SchemaChange[]> {
    const [a, b] = await Promise.all([this.store.version(from), this.store.version(to)]);
    if (!a) throw new RegistryError('VERSION_NOT_FOUND', `there is no version ${from}`, { version: from });
    if (!b) throw new RegistryError('VERSION_NOT_FOUND', `there is no version ${to}`, { version: to });
    return (await import('./schema-diff')).diffApiSchemas(a.apiSchemaSdl, b.apiSchemaSdl);
  }


  /** Checks the hash chain, and that no version the checks or the store's head name is missing. */
  async verify(): Promise<SchemaHistoryVerification> {
    try {
      const [checks, headHash] = await Promise.all([this.store.checks(), this.store.headHash?.()]);
      const highestReferenced = checks.reduce((highest, c) => Math.max(highest, c.version ?? 0), 0);
      return verifyChain(await this.store.versions(), { highestReferenced, headHash }, this.signer);
    } catch (error) {
      if (!isRegistryError(error, 'REGISTRY_CORRUPT')) throw error;
      const before = Number(error.facts.afterVersion ?? 0);
      return { ok: false, versionsChecked: before + 1, firstBadVersion: before + 1, cause: 'altered' };
    }
  }

  private async publishWithRetry(input: PublishInput): Promise<PublishOutcome> {
    for (let attempt = 1; ; attempt++) {
      const live = await this.store.latestVersion();
      const evaluation = await this.evaluate(input, live);
      if (evaluation.kind === 'refused') {
        const check = this.checkRecord(input.by, input.subgraph, false, evaluation.errors, evaluation.changes, null);
        await this.store.appendCheck(check);
        return { status: 'refused', check };
      }
      if (evaluation.kind === 'unchanged') {
        const check = this.checkRecord(input.by, input.subgraph, true, [], [], evaluation.live.number);
        await this.store.appendCheck(check);
        return { status: 'unchanged', version: evaluation.live, check };
      }
      const approval = input.approval ? { by: input.by, reason: input.approval.reason, at: this.now().toISOString() } : null;
      const version = this.seal(live, input.by, evaluation, approval, null);
      const check = this.checkRecord(input.by, input.subgraph, true, [], evaluation.changes, version.number);
      try {
        await this.store.appendVersion(version, check);
        return { status: 'published', version, check };
      } catch (error) {
        if (!isRegistryError(error, 'VERSION_CONFLICT') || attempt >= this.maxAttempts) throw error;
      }
    }
  }

  private async evaluate(input: PublishInput, live: SchemaVersionRecord | null): Promise<Evaluation> {
    const subgraphs = this.candidateSubgraphs(input, live?.subgraphs ?? []);
    if (live && sameSubgraphs(subgraphs, live.subgraphs)) return { kind: 'unchanged', live };
    // Composition and diffs load on the first change: a registry that only serves its history, or
    // is handed the schemas it already holds (every repeated `npm start`), never needs them.
    const [{ composeVersion }, { diffApiSchemas }] = await Promise.all([import('./compose'), import('./schema-diff')]);
    const composition = composeVersion(subgraphs, this.groups);
    if (!composition.ok) return { kind: 'refused', errors: composition.errors, changes: [] };
    const changes = live ? await diffApiSchemas(live.apiSchemaSdl, composition.apiSchemaSdl) : [];
    if (changesNeedingApproval(changes).length > 0 && !input.approval) return { kind: 'refused', errors: [], changes };
    return { kind: 'accepted', subgraphs, supergraphSdl: composition.supergraphSdl, apiSchemaSdl: composition.apiSchemaSdl, changes };
  }

  private candidateSubgraphs(input: PublishInput, current: readonly SubgraphSchema[]): SubgraphSchema[] {
    const group = this.groups.find((g) => g.name === input.subgraph);
    const names = group ? group.shards : [input.subgraph];
    const sdlHash = sha256(input.sdl);
    const replaced = names.map((name) => {
      const existing = current.find((s) => s.name === name);
      const url = group ? (existing?.url ?? null) : (input.url ?? existing?.url ?? null);
      return { name, url, sdl: input.sdl, sdlHash };
    });
    return [...current.filter((s) => !names.includes(s.name)), ...replaced].sort((a, b) => a.name.localeCompare(b.name));
  }

  private seal(
    live: SchemaVersionRecord | null,
    by: string,
    content: { subgraphs: SubgraphSchema[]; supergraphSdl: string; apiSchemaSdl: string; changes: SchemaChange[] },
    approval: SchemaVersionRecord['approval'],
    rollbackOf: number | null,
  ): SchemaVersionRecord {
    const unsealed: Omit<SchemaVersionRecord, 'hash'> = {
      number: (live?.number ?? 0) + 1,
      previousHash: live?.hash ?? null,
      createdAt: this.now().toISOString(),
      publishedBy: by,
      subgraphs: content.subgraphs,
      supergraphSdl: content.supergraphSdl,
      apiSchemaSdl: content.apiSchemaSdl,
      changes: content.changes,
      approval,
      rollbackOf,
    };
    const hash = versionHash(unsealed);
    const signature = signHead(this.signer, { hash });
    return { ...unsealed, hash, ...(signature ? { signature } : {}) };
  }

  private checkRecord(by: string, subgraph: string, accepted: boolean, errors: string[], changes: SchemaChange[], version: number | null): SchemaCheckRecord {
    return { id: randomUUID(), at: this.now().toISOString(), by, subgraph, accepted, errors, changes, version };
  }
}

function validate(input: PublishInput): void {
  if (!NAME.test(input.subgraph)) throw new RegistryError('INVALID_INPUT', `invalid subgraph name "${input.subgraph}"`, { subgraph: input.subgraph });
  if (!input.by.trim()) throw new RegistryError('INVALID_INPUT', 'a publisher identity is required');
  if (!input.sdl.trim()) throw new RegistryError('INVALID_INPUT', 'the SDL is empty', { subgraph: input.subgraph });
  if (input.approval && !input.approval.reason.trim()) throw new RegistryError('INVALID_INPUT', 'an approval needs a reason');
  if (input.url && !/^https?:\/\/[^/\s]+/.test(input.url)) throw new RegistryError('INVALID_INPUT', `invalid subgraph URL "${input.url}"`, { url: input.url });
}

function sameSubgraphs(a: readonly SubgraphSchema[], b: readonly SubgraphSchema[]): boolean {
  const key = (list: readonly SubgraphSchema[]) => JSON.stringify([...list].sort((x, y) => x.name.localeCompare(y.name)).map((s) => [s.name, s.url, s.sdlHash]));
  return key(a) === key(b);
}
