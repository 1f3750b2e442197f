import { readFile } from 'node:fs/promises';
import { catalogChangesNeedingApproval } from './catalog-diff';
import { contentOf, type CatalogPublishOutcome, type CatalogRegistry } from './catalog-registry';
import { DEFAULT_CATALOG, parseCatalog } from './content';
import type { CatalogChange, CatalogVersionRecord } from './types';

export const CATALOG_USAGE = `  catalog publish  --catalog FILE --by WHO [--approve REASON]  a new sharing catalog version (JSON: entries, registryRoles)
  catalog check    --catalog FILE                           its changes against the live catalog, records nothing
  catalog approve  CHECK_ID --by WHO --reason WHY           publishes what a refused (widening) publish proposed
  catalog diff     FROM TO                                  changes between two catalog versions
  catalog history                                           every catalog version, newest first
  catalog rollback N --by WHO                               re-publishes catalog version N as a new version
  catalog verify                                            recomputes the catalog's hash chain
  catalog show     [N]                                      a catalog version (default: the live one) as publishable JSON`;

export interface CatalogCliArgs {
  args: string[];
  catalogFile?: string;
  by?: string;
  approve?: string;
  reason?: string;
}

export interface CatalogCliContext {
  print(json: unknown, text: string[]): void;
  required(value: string | undefined, flag: string): string;
  versionNumber(text: string | undefined, what: string): number;
  usage(message: string): Error;
}

export function formatCatalogChanges(changes: readonly CatalogChange[]): string[] {
  return changes.map((c) => `  ${c.kind.padEnd(13)} ${c.coordinate}: ${c.from ?? '(unconditional)'} -> ${c.to ?? '(unconditional)'}`);
}

function formatCatalogVersion(v: CatalogVersionRecord, live: boolean): string {
  const extra = [v.rollbackOf !== null ? `rollback of ${v.rollbackOf}` : '', v.approval ? `approved by ${v.approval.by} at ${v.approval.at}: ${v.approval.reason}` : ''].filter(Boolean);
  const widened = catalogChangesNeedingApproval(v.changes).length;
  return `${live ? '*' : ' '} ${String(v.number).padStart(4)}  ${v.createdAt}  ${v.publishedBy}  ${v.hash.slice(0, 12)}  ${v.changes.length} changes, ${widened} widening${extra.length ? `  (${extra.join('; ')})` : ''}`;
}

function outcomeLines(outcome: CatalogPublishOutcome): string[] {
  if (outcome.status === 'refused') {
    return [
      `catalog publish: refused (check ${outcome.check.id})`,
      ...formatCatalogChanges(outcome.check.changes),
      `  widening access needs an approval: npm run registry -- catalog approve ${outcome.check.id} --by WHO --reason "why"`,
    ];
  }
  return [`catalog publish: ${outcome.status}, live catalog version ${outcome.version.number}`, ...formatCatalogChanges(outcome.check.changes)];
}

/** `npm run registry -- catalog …`; returns the exit code (0 ok, 1 refused or widening or tampered). */
export async function runCatalogCommand(catalog: CatalogRegistry, a: CatalogCliArgs, cli: CatalogCliContext): Promise<number> {
  const [sub, ...rest] = a.args;
  const readCatalog = async () => {
    const file = cli.required(a.catalogFile, 'catalog');
    const text = await readFile(file, 'utf8').catch(() => {
      throw cli.usage(`cannot read ${file}`);
    });
    try {
      return parseCatalog(JSON.parse(text));
    } catch (error) {
      if (error instanceof SyntaxError) throw cli.usage(`${file} is not JSON`);
      throw error;
    }
  };
  switch (sub) {
    case 'publish': {
      const outcome = await catalog.publish({ content: await readCatalog(), by: cli.required(a.by, 'by'), approval: a.approve !== undefined ? { reason: a.approve } : null });
      cli.print(outcome, outcomeLines(outcome));
      return outcome.status === 'refused' ? 1 : 0;
    }
    case 'check': {
      const result = await catalog.check(await readCatalog());
      cli.print(result, [`catalog check: ${result.changes.length} changes${result.needsApproval ? ', widens access (needs an approval)' : ''}`, ...formatCatalogChanges(result.changes)]);
      return result.needsApproval ? 1 : 0;
    }
    case 'approve': {
      const outcome = await catalog.approve(cli.required(rest[0], 'CHECK_ID'), cli.required(a.by, 'by'), cli.required(a.reason, 'reason'));
      cli.print(outcome, outcomeLines(outcome));
      return outcome.status === 'refused' ? 1 : 0;
    }
    case 'diff': {
      const changes = await catalog.diff(cli.versionNumber(rest[0], 'FROM'), cli.versionNumber(rest[1], 'TO'));
      cli.print(changes, changes.length ? formatCatalogChanges(changes) : ['no changes']);
      return catalogChangesNeedingApproval(changes).length > 0 ? 1 : 0;
    }
    case 'history': {
      const versions = (await catalog.history()).reverse();
      cli.print(versions, versions.length ? versions.map((v, i) => formatCatalogVersion(v, i === 0)) : ['no catalog versions']);
      return 0;
    }
    case 'rollback': {
      const outcome = await catalog.rollback(cli.versionNumber(rest[0], 'N'), cli.required(a.by, 'by'));
      cli.print(outcome, outcomeLines(outcome));
      return 0;
    }
    case 'verify': {
      const result = await catalog.verify();
      cli.print(result, [result.ok ? `ok: ${result.versionsChecked} catalog versions verified` : `TAMPERED: catalog version ${result.firstBadVersion} ${result.cause === 'missing' ? 'is missing' : 'does not match the hash chain'}`]);
      return result.ok ? 0 : 1;
    }
    case 'show': {
      const version = rest[0] ? await catalog.version(cli.versionNumber(rest[0], 'N')) : await catalog.liveVersion();
      if (rest[0] && !version) throw cli.usage(`there is no catalog version ${rest[0]}`);
      const content = version ? contentOf(version) : DEFAULT_CATALOG;
      cli.print(content, [JSON.stringify(content, null, 2)]);
      return 0;
    }
    default:
      throw cli.usage(`unknown catalog command "${sub ?? ''}"`);
  }
}
