import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PROVINCE_CODES, type ProvinceCode } from '../model';
import { CATALOG_ENTRIES, isCatalogEntry, isRole, type Caller } from '../sharing-catalog';
import { WebhookAllowList } from './allow-list';
import { loadWebhooksConfig } from './config';
import { checkSubscriptionDocument } from './document-check';
import { WebhookError } from './errors';
import { openWebhookStore } from './open-webhook-store';
import { registerWebhook } from './register';
import type { WebhookStore } from './store';
import { listed, type WebhookSource } from './types';
import { consoleIo, EXIT, isUsageError, required, runAsProgram, UsageError, type CliIo } from '../cli/command-line';

const USAGE = `usage: npm run webhooks -- <command> [options]

  add --url URL --by WHO (--subscription FILE [--variables JSON] [--operation NAME]
        --role ROLE [--province SH|JS|ZJ|AH] [--catalog ENTRY,…] [--sub WHO] | --registry-events)
        [--secret whsec_…]             registers a webhook; prints its id and secret (made when not given)
  list                                 the webhooks (never their secrets)
  remove ID                            removes a webhook and its queued deliveries
  dead-letters [--webhook ID]          deliveries that failed their last attempt
  replay (ID | --all) [--webhook ID]   queues dead letters again; a gateway sends them

  The payload of a subscription webhook is what its document selects under the caller given
  (role, province, catalog), as that caller's own subscription would see it.
  WEBHOOK_ALLOWED_TARGETS lists the origins a webhook may be sent to; REDIS_URL or WEBHOOK_FILE
  is where webhooks are kept (the gateways' own store).
  --json   machine-readable output

exit codes: 0 ok; 1 refused (target not allowed, invalid document or secret, unknown id);
            2 usage error; 3 the store could not be read or written`;

function callerOf(v: { role?: string; province?: string; catalog?: string; sub?: string; by: string }): Caller {
  const role = required(v.role, 'role');
  if (!isRole(role)) throw new UsageError(`--role must be province, exchange, app or auditor, got "${role}"`);
  const province = v.province ?? null;
  if (role === 'province' && !(PROVINCE_CODES as readonly string[]).includes(province ?? '')) throw new UsageError('--province SH|JS|ZJ|AH is required with --role province');
  const catalog = (v.catalog ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
  const unknown = catalog.filter((e) => !isCatalogEntry(e));
  if (unknown.length > 0) throw new UsageError(`--catalog knows ${CATALOG_ENTRIES.join(', ')}; not ${unknown.join(', ')}`);
  return { sub: v.sub ?? v.by, role, province: role === 'province' ? (province as ProvinceCode) : null, catalog: catalog.filter(isCatalogEntry) };
}

async function sourceOf(v: Record<string, string | boolean | undefined>): Promise<WebhookSource> {
  if (v['registry-events']) return { kind: 'registry' };
  const document = await readFile(required(v.subscription as string | undefined, 'subscription'), 'utf8');
  const operationName = (v.operation as string | undefined) ?? null;
  checkSubscriptionDocument(document, operationName);
  let variables: Record<string, unknown> = {};
  try {
    variables = v.variables ? (JSON.parse(v.variables as string) as Record<string, unknown>) : {};
  } catch {
    throw new UsageError('--variables must be a JSON object');
  }
  return { kind: 'subscription', document, variables, operationName, caller: callerOf(v as { by: string }) };
}

export async function runWebhooksCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  let store: WebhookStore | null = null;
  try {
    const { values: v, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' }, by: { type: 'string' }, subscription: { type: 'string' }, variables: { type: 'string' }, operation: { type: 'string' },
        role: { type: 'string' }, province: { type: 'string' }, catalog: { type: 'string' }, sub: { type: 'string' }, secret: { type: 'string' },
        'registry-events': { type: 'boolean' }, webhook: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' },
      },
    });
    const [command, id] = positionals;
    const config = loadWebhooksConfig(env);
    const print = (value: unknown, text: () => string[]) => (v.json ? io.out(JSON.stringify(value, null, 2)) : text().forEach((l) => io.out(l)));
    switch (command) {
      case 'add': {
        const source = await sourceOf(v);
        store = openWebhookStore(config.store);
        const webhook = await registerWebhook(store, new WebhookAllowList(config.delivery.allowedTargets), { url: required(v.url, 'url'), secret: v.secret ?? null, source, createdBy: required(v.by, 'by') });
        print({ id: webhook.id, url: webhook.url, secret: webhook.secret }, () => [`webhook ${webhook.id} → ${webhook.url}`, `secret (shown once): ${webhook.secret}`]);
        return EXIT.OK;
      }
      case 'list': {
        store = openWebhookStore(config.store);
        const all = (await store.list()).map(listed);
        print(all, () => all.map((w) => `${w.id}  ${w.url}  ${w.source.kind === 'registry' ? 'registry events' : `${w.source.caller.role}${w.source.caller.province ? ` ${w.source.caller.province}` : ''} [${w.source.caller.catalog.join(',')}]`}  by ${w.createdBy} at ${w.createdAt}`));
        return EXIT.OK;
      }
      case 'remove': {
        store = openWebhookStore(config.store);
        if (!(await store.remove(required(id, 'ID (the webhook to remove)')))) throw new WebhookError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
        io.out(`removed ${id}`);
        return EXIT.OK;
      }
      case 'dead-letters': {
        store = openWebhookStore(config.store);
        const dead = await store.deadLetters(v.webhook);
        print(dead, () => dead.map((d) => `${d.id}  ${d.webhookId}  ${d.type}  ${d.attempts} attempts, last: ${d.lastError ?? '-'}  dead at ${d.deadAt}`));
        return EXIT.OK;
      }
      case 'replay': {
        if (!id && !v.all) throw new UsageError('replay needs a dead letter\'s id, or --all');
        store = openWebhookStore(config.store);
        const ids = id ? [id] : (await store.deadLetters(v.webhook)).map((d) => d.id);
        for (const one of ids) {
          if (!(await store.replay(one))) throw new WebhookError('WEBHOOK_NOT_FOUND', `no dead letter ${one}`);
          io.out(`queued ${one}`);
        }
        return EXIT.OK;
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
    }
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`${error.message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    if (error instanceof WebhookError) {
      io.err(`${error.code}: ${error.message}`);
      return EXIT.REFUSED;
    }
    io.err(`webhook store failure: ${(error as Error).message}`);
    return EXIT.FAILURE;
  } finally {
    await store?.close();
  }
}

runAsProgram(module, (argv) => runWebhooksCli(argv));
