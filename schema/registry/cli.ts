import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { changesNeedingApproval } from './approval-policy';
import { isRegistryError, RegistryError } from './errors';
import { loadRegistryStoreConfigWith, type RegistryStoreConfig } from '../config/shared-config';
import type { PublishOutcome, Registry } from './registry';
import type { SchemaChange, SchemaVersionRecord } from './types';
import type { RegistryStore } from './store';
import { exportHeads } from './export-head';
import { ACCESS_LOG_USAGE, runAccessLogCommand } from './access-log-commands';
import { DEFAULT_USAGE_DAYS, formatUsage, usageOfChanges } from '../usage/usage-report';
import { CATALOG_USAGE, runCatalogCommand } from './catalog/catalog-cli';
import type { CatalogRegistry } from './catalog/catalog-registry';
import { consoleIo, EXIT, isUsageError, required, runAsProgram, UsageError, type CliIo } from '../cli/command-line';

const USAGE = `usage: npm run registry -- <command> [options]

  publish  --subgraph NAME --sdl FILE --by WHO [--url URL] [--approve REASON] [--usage-days N]
  check    --subgraph NAME --sdl FILE [--url URL] [--by WHO] [--usage-days N]     dry run, records nothing
           both list, for each breaking or dangerous change, the operations and clients the gateways
           saw use it in the last N days (default 14)
  diff     FROM TO                                                API-schema changes between versions
  history                                                         every version, newest first
  verify                                                          recomputes the hash chain; with REGISTRY_SIGNING_KEY, checks the signatures
  rollback N --by WHO                                             re-publishes version N as a new version
  export-head                                                     the schema and access-log heads, signed (REGISTRY_SIGNING_KEY), as JSON
${ACCESS_LOG_USAGE}
${CATALOG_USAGE}

  --file PATH    history file (default REGISTRY_FILE or .registry/history.jsonl)
  --redis URL    Redis instead of the file (default REDIS_URL)
  --json         machine-readable output

exit codes: 0 ok; 1 refused, breaking or dangerous changes (check, diff) or history tampered (verify);
            2 usage error; 3 the registry could not be read or written`;

const VERIFY_PROBLEMS = {
  altered: 'does not match the hash chain',
  missing: 'is missing (a check or the head names it)',
  signature: "is not signed by REGISTRY_SIGNING_KEY's key (the chain was rewritten, or signed with another key)",
} as const;

function formatChanges(changes: readonly SchemaChange[]): string[] {
  return changes.map((c) => `  ${c.criticality.padEnd(9)} ${c.path ?? '-'}: ${c.message}`);
}

function formatVersion(v: SchemaVersionRecord, live: boolean): string {
  const extra = [v.rollbackOf !== null ? `rollback of ${v.rollbackOf}` : '', v.approval ? `approved by ${v.approval.by}: ${v.approval.reason}` : ''].filter(Boolean);
  const counts = (['BREAKING', 'DANGEROUS', 'SAFE'] as const).map((k) => `${v.changes.filter((c) => c.criticality === k).length} ${k.toLowerCase()}`).join(', ');
  return `${live ? '*' : ' '} ${String(v.number).padStart(4)}  ${v.createdAt}  ${v.publishedBy}  ${v.hash.slice(0, 12)}  ${counts}${extra.length ? `  (${extra.join('; ')})` : ''}`;
}

function versionNumber(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 1) throw new UsageError(`${what} must be a version number, got "${text ?? ''}"`);
  return n;
}

function usageDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_USAGE_DAYS;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 90) throw new UsageError(`--usage-days must be a whole number of days from 1 to 90, got "${text}"`);
  return n;
}

/**
 * Loaded after the arguments are parsed, so that a usage error answers without loading
 * composition. What is appended is announced to the registry webhooks (issue 17).
 */
async function openRegistry(file: string | undefined, store: RegistryStoreConfig, env: NodeJS.ProcessEnv, io: CliIo): Promise<Registry> {
  const [{ Registry }, { headSigner }] = await Promise.all([import('./registry'), import('./signing')]);
  const signer = store.signingKey ? headSigner(store.signingKey) : null;
  const { notifyingRegistryStore } = await import('../webhooks/registry-notifications');
  const { openWebhookStore } = await import('../webhooks/open-webhook-store');
  const { loadWebhooksConfig } = await import('../webhooks/config');
  const webhooks = loadWebhooksConfig(env).store;
  const notifying = (inner: RegistryStore) => notifyingRegistryStore(inner, () => openWebhookStore({ ...webhooks, redisUrl: file ? null : store.redisUrl }), (e) => io.err(`notification not queued: ${(e as Error).message}`));
  if (!file && store.redisUrl) {
    const { RedisRegistryStore } = await import('./redis-store');
    return new Registry(notifying(new RedisRegistryStore({ url: store.redisUrl, maxReconnects: 2, prefix: store.redisPrefix })), { signer });
  }
  const { FileRegistryStore } = await import('./file-store');
  return new Registry(notifying(new FileRegistryStore({ file: file ?? store.file })), { signer });
}

/** The catalog registry, checking each catalog against the schema registry's live API schema (closed with it). */
async function openCatalogRegistry(file: string | undefined, store: RegistryStoreConfig, env: NodeJS.ProcessEnv, io: CliIo): Promise<{ catalog: CatalogRegistry; close(): Promise<void> }> {
  const [{ CatalogRegistry }, { openCatalogStore }] = await Promise.all([import('./catalog/catalog-registry'), import('./catalog/open-catalog-store')]);
  const config = file ? { ...store, redisUrl: null, file } : store;
  const schemas = await openRegistry(file, config, env, io);
  const [{ notifyingCatalogStore }, { openWebhookStore }, { loadWebhooksConfig }] = await Promise.all([import('../webhooks/registry-notifications'), import('../webhooks/open-webhook-store'), import('../webhooks/config')]);
  const webhooks = loadWebhooksConfig(env).store;
  const notifying = notifyingCatalogStore(openCatalogStore(config, { maxReconnects: 2 }), () => openWebhookStore({ ...webhooks, redisUrl: config.redisUrl }), (e) => io.err(`notification not queued: ${(e as Error).message}`));
  const catalog = new CatalogRegistry(notifying, {
    liveApiSchema: async () => (await schemas.liveVersion())?.apiSchemaSdl ?? null,
    signer: config.signingKey ? (await import('./signing')).headSigner(config.signingKey) : null,
  });
  return { catalog, close: () => Promise.all([catalog.close(), schemas.close()]).then(() => undefined) };
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  let registry: Registry | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        subgraph: { type: 'string' },
        url: { type: 'string' },
        sdl: { type: 'string' },
        by: { type: 'string' },
        approve: { type: 'string' },
        archive: { type: 'string' },
        'usage-days': { type: 'string' },
        catalog: { type: 'string' },
        reason: { type: 'string' },
        file: { type: 'string' },
        redis: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    const [command, ...args] = positionals;
    if (values.help) {
      io.out(USAGE);
      return EXIT.OK;
    }
    if (!command) throw new UsageError('a command is required');
    const access = await runAccessLogCommand(command, args, values.archive, env);
    if (access) {
      (values.json ? [JSON.stringify(access.json, null, 2)] : access.lines).forEach((l) => io.out(l));
      return access.ok ? EXIT.OK : EXIT.REFUSED;
    }
    const store = loadRegistryStoreConfigWith(env, values.redis || undefined);
    const print = (json: unknown, text: string[]) => (values.json ? io.out(JSON.stringify(json, null, 2)) : text.forEach((l) => io.out(l)));
    if (command === 'catalog') {
      const opened = await openCatalogRegistry(values.file, store, env, io);
      try {
        const cli = { print, required, versionNumber, usage: (message: string) => new UsageError(message) };
        return await runCatalogCommand(opened.catalog, { args, catalogFile: values.catalog, by: values.by, approve: values.approve, reason: values.reason }, cli);
      } finally {
        await opened.close();
      }
    }
    registry = await openRegistry(values.file, store, env, io);

    switch (command) {
      case 'publish':
      case 'check': {
        const sdlFile = required(values.sdl, 'sdl');
        const sdl = await readFile(sdlFile, 'utf8').catch(() => {
          throw new UsageError(`cannot read ${sdlFile}`);
        });
        const input = {
          subgraph: required(values.subgraph, 'subgraph'),
          url: values.url ?? null,
          sdl,
          by: command === 'publish' ? required(values.by, 'by') : (values.by ?? 'check'),
          approval: values.approve !== undefined ? { reason: values.approve } : null,
        };
        const usageStore = values.file ? { ...store, redisUrl: null, file: values.file } : store;
        const days = usageDays(values['usage-days']);
        const usageLines = async (changes: SchemaChange[]) => {
          const report = await usageOfChanges(usageStore, changes, days);
          return { report, lines: report.length ? [`operations seen in the last ${days} days that the breaking and dangerous changes affect:`, ...formatUsage(report, days)] : [] };
        };
        if (command === 'check') {
          const result = await registry.check(input);
          const usage = await usageLines(result.changes);
          print({ ...result, usage: usage.report }, [`check ${input.subgraph}: ${result.status}`, ...result.errors.map((e) => `  error: ${e}`), ...formatChanges(result.changes), ...usage.lines]);
          return result.status === 'refused' ? EXIT.REFUSED : EXIT.OK;
        }
        const outcome: PublishOutcome = await registry.publish(input);
        const usage = await usageLines(outcome.check.changes);
        const head = outcome.status === 'refused' ? `publish ${input.subgraph}: refused` : `publish ${input.subgraph}: ${outcome.status}, live version ${outcome.version.number}`;
        const hint = outcome.status === 'refused' && !outcome.check.errors.length ? ['  breaking and dangerous changes need --approve "reason"'] : [];
        print({ ...outcome, usage: usage.report }, [head, ...outcome.check.errors.map((e) => `  error: ${e}`), ...formatChanges(outcome.check.changes), ...usage.lines, ...hint]);
        return outcome.status === 'refused' ? EXIT.REFUSED : EXIT.OK;
      }
      case 'diff': {
        const changes = await registry.diff(versionNumber(args[0], 'FROM'), versionNumber(args[1], 'TO'));
        print(changes, changes.length ? formatChanges(changes) : ['no changes']);
        return changesNeedingApproval(changes).length > 0 ? EXIT.REFUSED : EXIT.OK;
      }
      case 'history': {
        const versions = (await registry.history()).reverse();
        print(versions, versions.length ? versions.map((v, i) => formatVersion(v, i === 0)) : ['no versions']);
        return EXIT.OK;
      }
      case 'verify': {
        const result = await registry.verify();
        const problem = VERIFY_PROBLEMS[result.cause ?? 'altered'];
        print(result, [result.ok ? `ok: ${result.versionsChecked} versions verified` : `TAMPERED: version ${result.firstBadVersion} ${problem}`]);
        return result.ok ? EXIT.OK : EXIT.REFUSED;
      }
      case 'rollback': {
        const outcome = await registry.rollback(versionNumber(args[0], 'N'), required(values.by, 'by'));
        if (outcome.status === 'refused') return EXIT.REFUSED;
        print(outcome, [`rollback to ${args[0]}: live version ${outcome.version.number}`, ...formatChanges(outcome.version.changes)]);
        return EXIT.OK;
      }
      case 'export-head': {
        const { openCatalogStore } = await import('./catalog/open-catalog-store');
        const catalogStore = openCatalogStore(values.file ? { ...store, redisUrl: null, file: values.file } : store, { maxReconnects: 2 });
        try {
          io.out(JSON.stringify(await exportHeads(registry, env, { liveVersion: () => catalogStore.latestVersion() }), null, 2));
        } finally {
          await catalogStore.close();
        }
        return EXIT.OK;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`${error.message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    if (isRegistryError(error, 'INVALID_INPUT') || isRegistryError(error, 'VERSION_NOT_FOUND')) {
      io.err(`${error.code}: ${error.message}`);
      return EXIT.USAGE;
    }
    io.err(error instanceof RegistryError ? `${error.code}: ${error.message}` : `registry failure: ${(error as Error).message}`);
    return EXIT.FAILURE;
  } finally {
    await registry?.close();
  }
}

runAsProgram(module, (argv) => runCli(argv));
