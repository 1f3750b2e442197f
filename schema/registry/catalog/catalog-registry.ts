import { randomUUID } from 'node:crypto';
import { ChainedHistory } from '../chained-history';
import { RegistryError, isRegistryError } from '../errors';
import type { SchemaApproval, SchemaHistoryVerification } from '../types';
import { verifyHashChain } from '../verify-chain';
import { signHead, type HeadSigner } from '../signing';
import { catalogChangesNeedingApproval, diffCatalogs } from './catalog-diff';
import { assertEnforceable } from './catalog-coordinates';
import { catalogVersionHash } from './catalog-hash';
import { DEFAULT_CATALOG, normaliseCatalog } from './content';
import type { CatalogStore } from './open-catalog-store';
import type { CatalogChange, CatalogCheckRecord, CatalogContent, CatalogVersionRecord } from './types';

export interface CatalogPublishInput {
  content: CatalogContent;
  by: string;
  /** Required when the catalog widens access. */
  approval?: { reason: string } | null;
}

export type CatalogPublishOutcome =
  | { status: 'published'; version: CatalogVersionRecord; check: CatalogCheckRecord }
  | { status: 'unchanged'; version: CatalogVersionRecord; check: CatalogCheckRecord }
  /** It widens access and carries no approval: recorded as a check that `approve` can publish. */
  | { status: 'refused'; check: CatalogCheckRecord };

export interface CatalogRegistryOptions {
  now?: () => Date;
  /** The live API schema's SDL, which every conditional field must be a nullable field of; absent or null: not checked. */
  liveApiSchema?: () => Promise<string | null>;
  maxAttempts?: number;
  /** Signs each new version's hash (REGISTRY_SIGNING_KEY) and checks the signatures in `verify`, as the schema registry does; absent: unsigned. */
  signer?: HeadSigner | null;
}

/**
 * The sharing catalog as a registry artifact: each publish is diffed against the live catalog
 * (against sharing-catalog.md's when none is published yet); a version that widens access is
 * refused unless approved with a reason, anything else becomes the next version of a hash chain
 * of its own, live at once. Every attempt is recorded as a check.
 */
export class CatalogRegistry extends ChainedHistory<CatalogVersionRecord, CatalogCheckRecord> {
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly liveApiSchema: () => Promise<string | null>;
  private readonly signer: HeadSigner | null;

  constructor(store: CatalogStore, options: CatalogRegistryOptions = {}) {
    super(store);
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 100;
    this.liveApiSchema = options.liveApiSchema ?? (() => Promise.resolve(null));
    this.signer = options.signer ?? null;
  }

  /** The changes against the live catalog and whether they need an approval; records nothing. */
  async check(content: CatalogContent): Promise<{ changes: CatalogChange[]; needsApproval: boolean }> {
    assertEnforceable(content, await this.liveApiSchema());
    const live = await this.store.latestVersion();
    const changes = diffCatalogs(live ?? DEFAULT_CATALOG, normaliseCatalog(content));
    return { changes, needsApproval: catalogChangesNeedingApproval(changes).length > 0 };
  }

  async publish(input: CatalogPublishInput): Promise<CatalogPublishOutcome> {
    requireWho(input.by);
    if (input.approval && !input.approval.reason.trim()) throw new RegistryError('INVALID_INPUT', 'an approval needs a reason');
    const content = normaliseCatalog(input.content);
    assertEnforceable(content, await this.liveApiSchema());
    const approval = input.approval ? { by: input.by, reason: input.approval.reason } : null;
    return this.serially(() => this.append(content, input.by, approval, null));
  }

  /** Publishes what a refused check proposed, with the approver's name, time and reason recorded. */
  async approve(checkId: string, by: string, reason: string): Promise<CatalogPublishOutcome> {
    requireWho(by);
    if (!reason.trim()) throw new RegistryError('INVALID_INPUT', 'an approval needs a reason');
    const check = (await this.store.checks()).find((c) => c.id === checkId);
    if (!check) throw new RegistryError('VERSION_NOT_FOUND', `there is no catalog check ${checkId}`, { check: checkId });
    if (check.accepted) throw new RegistryError('INVALID_INPUT', `catalog check ${checkId} was accepted already`, { check: checkId });
    assertEnforceable(check.proposal, await this.liveApiSchema());
    return this.serially(() => this.append(check.proposal, check.by, { by, reason }, null));
  }

  /** Re-publishes an earlier catalog as a new version that points at it; like a schema rollback, it needs no approval. */
  async rollback(to: number, by: string): Promise<CatalogPublishOutcome> {
    requireWho(by);
    const target = await this.store.version(to);
    if (!target) throw new RegistryError('VERSION_NOT_FOUND', `there is no catalog version ${to}`, { version: to });
    return this.serially(async () => {
      const live = await this.store.latestVersion();
      if (live?.number === to) throw new RegistryError('INVALID_INPUT', `catalog version ${to} is already live`, { version: to });
      return this.append(contentOf(target), by, null, to);
    });
  }

  async diff(from: number, to: number): Promise<CatalogChange[]> {
    const [a, b] = await Promise.all([this.store.version(from), this.store.version(to)]);
    if (!a) throw new RegistryError('VERSION_NOT_FOUND', `there is no catalog version ${from}`, { version: from });
    if (!b) throw new RegistryError('VERSION_NOT_FOUND', `there is no catalog version ${to}`, { version: to });
    return diffCatalogs(a, b);
  }


  async verify(): Promise<SchemaHistoryVerification> {
    const [checks, headHash] = await Promise.all([this.store.checks(), this.store.headHash?.()]);
    const highestReferenced = checks.reduce((highest, c) => Math.max(highest, c.version ?? 0), 0);
    return verifyHashChain(await this.store.versions(), catalogVersionHash, { highestReferenced, headHash }, this.signer);
  }

  private async append(content: CatalogContent, by: string, approval: Omit<SchemaApproval, 'at'> | null, rollbackOf: number | null): Promise<CatalogPublishOutcome> {
    for (let attempt = 1; ; attempt++) {
      const live = await this.store.latestVersion();
      const changes = diffCatalogs(live ?? DEFAULT_CATALOG, content);
      const at = this.now().toISOString();
      const check = (accepted: boolean, version: number | null): CatalogCheckRecord => ({ id: randomUUID(), at, by: approval?.by ?? by, accepted, errors: [], changes, version, proposal: content });
      if (live && changes.length === 0) {
        const unchanged = check(true, live.number);
        await this.store.appendCheck(unchanged);
        return { status: 'unchanged', version: live, check: unchanged };
      }
      if (rollbackOf === null && !approval && catalogChangesNeedingApproval(changes).length > 0) {
        const refused = { ...check(false, null), errors: ['the catalog widens access: an approval with a reason is required'] };
        await this.store.appendCheck(refused);
        return { status: 'refused', check: refused };
      }
      const unsealed: Omit<CatalogVersionRecord, 'hash' | 'signature'> = {
        number: (live?.number ?? 0) + 1,
        previousHash: live?.hash ?? null,
        createdAt: at,
        publishedBy: by,
        ...content,
        changes,
        approval: approval ? { ...approval, at } : null,
        rollbackOf,
      };
      const hash = catalogVersionHash(unsealed);
      const signature = signHead(this.signer, { hash });
      const version: CatalogVersionRecord = { ...unsealed, hash, ...(signature ? { signature } : {}) };
      const accepted = check(true, version.number);
      try {
        await this.store.appendVersion(version, accepted);
        return { status: 'published', version, check: accepted };
      } catch (error) {
        if (!isRegistryError(error, 'VERSION_CONFLICT') || attempt >= this.maxAttempts) throw error;
      }
    }
  }
}

export function contentOf(version: CatalogContent): CatalogContent {
  return { entries: version.entries, registryRoles: version.registryRoles };
}

function requireWho(by: string): void {
  if (!by.trim()) throw new RegistryError('INVALID_INPUT', 'a publisher identity is required');
}
