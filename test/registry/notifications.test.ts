import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { WebhookAllowList } from '../../schema/webhooks/allow-list';
import { DeliveryWorker } from '../../schema/webhooks/delivery-worker';
import { FileWebhookStore } from '../../schema/webhooks/file-store';
import { registerWebhook } from '../../schema/webhooks/register';
import { notifyingCatalogStore, notifyingRegistryStore } from '../../schema/webhooks/registry-notifications';
import { CatalogRegistry } from '../../schema/registry/catalog/catalog-registry';
import { DEFAULT_CATALOG } from '../../schema/registry/catalog/content';
import { openCatalogStore } from '../../schema/registry/catalog/open-catalog-store';
import { moved } from '../support/catalog-edit';
import { publishInitialCatalog } from '../../launcher/publish-catalog';
import { WebhookSender } from '../../schema/webhooks/send';
import { compileRegistryCli, registryCli } from '../support/registry-cli';
import { fixtureSdl, published } from '../support/registry-sdl';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Issue 17: the registry's events reach registered webhooks through the webhooks' own signing, retries and dead letters. */

let dir: string;
const receiver = new WebhookReceiver();
let webhooks: FileWebhookStore;
let worker: DeliveryWorker;
let sender: WebhookSender;
const attempts = new Map<string, number>();

beforeAll(async () => {
  await compileRegistryCli();
  dir = await mkdtemp(path.join(tmpdir(), 'registry-notifications-'));
  await receiver.start();
  webhooks = new FileWebhookStore(path.join(dir, 'webhooks.json'));
  sender = new WebhookSender(new WebhookAllowList([receiver.origin]), 500);
  worker = new DeliveryWorker({ store: webhooks, sender, maxAttempts: 3, backoff: { initialMs: 100, maxMs: 200 }, pollMs: 50, leaseMs: 2000, onAttempt: (d) => attempts.set(d.id, d.attempts) });
});
afterAll(async () => {
  await worker.close();
  await sender.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

interface Notification {
  type: string;
  data: { version?: number; approval?: { reason: string } | null; rollbackOf?: number | null; counts: Record<string, number>; changes: { criticality: string; path: string }[]; errors?: string[]; subgraph?: string };
}

const notifications = (p: string): Notification[] => receiver.at(p).filter((r) => (r.reply as { status: number }).status === 200).map((r) => r.verified as Notification);

describe('registry notifications', () => {
  it('sends publish, refusal, approval and rollback with their change summaries, signed, retrying a target that fails', async () => {
    const webhook = await registerWebhook(webhooks, new WebhookAllowList([receiver.origin]), { url: `${receiver.origin}/registry`, source: { kind: 'registry' }, createdBy: 'auditor-1' });
    receiver.script('/registry', [{ status: 500 }, { status: 200 }], webhook.secret);
    const registry = new Registry(notifyingRegistryStore(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }), () => webhooks));
    published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await fixtureSdl('region-v1'), by: 'ci' }));
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-v1'), by: 'ci' }));
    expect((await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-removed'), by: 'dev' })).status).toBe('refused');
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-field-removed'), by: 'lead', approval: { reason: 'unused field' } }));
    published(await registry.rollback(2, 'lead'));
    await receiver.count('/registry', 6);
    await new Promise((r) => setTimeout(r, 300));
    const got = notifications('/registry');
    expect(receiver.at('/registry')).toHaveLength(6);
    expect(got.every((n) => n !== null)).toBe(true);
    const byType = (type: string) => got.filter((n) => n.type === type).map((n) => n.data);
    expect(byType('registry.published').map((d) => d.version).sort()).toEqual([1, 2]);
    expect(byType('registry.refused')).toEqual([expect.objectContaining({ subgraph: 'provinces', counts: { BREAKING: 1, DANGEROUS: 0, SAFE: 0 }, changes: [expect.objectContaining({ criticality: 'BREAKING', path: 'Warning.areaDesc' })] })]);
    expect(byType('registry.approved')).toEqual([expect.objectContaining({ version: 3, approval: expect.objectContaining({ by: 'lead', reason: 'unused field' }), changes: [expect.objectContaining({ criticality: 'BREAKING', path: 'Warning.areaDesc' })] })]);
    expect(byType('registry.rolled_back')).toEqual([expect.objectContaining({ version: 4, rollbackOf: 2, changes: [expect.objectContaining({ criticality: 'SAFE', path: 'Warning.areaDesc' })] })]);
    // The first delivery failed once and was sent again with the same webhook-id.
    const first = receiver.at('/registry')[0];
    expect(first.reply).toEqual({ status: 500 });
    expect(receiver.at('/registry').filter((r) => r.headers['webhook-id'] === first.headers['webhook-id']).map((r) => r.reply)).toEqual([{ status: 500 }, { status: 200 }]);
    expect(attempts.get(String(first.headers['webhook-id']))).toBe(2);
    expect(await webhooks.deadLetters()).toEqual([]);
    await registry.close();
  });

  it('makes a dead letter of a notification the target keeps refusing, and announces a publish made with `npm run registry`', async () => {
    const webhook = await registerWebhook(webhooks, new WebhookAllowList([receiver.origin]), { url: `${receiver.origin}/cli`, source: { kind: 'registry' }, createdBy: 'auditor-2' });
    receiver.script('/cli', [{ status: 400 }, { status: 400 }, { status: 400 }, { status: 200 }], webhook.secret);
    receiver.script('/registry', [{ status: 200 }]);
    process.env.WEBHOOK_FILE = path.join(dir, 'webhooks.json');
    const run = await registryCli(dir, path.join(dir, 'cli-history.jsonl'), 'publish', '--subgraph', 'region', '--url', 'http://127.0.0.1:4210/graphql', '--sdl', path.join(__dirname, '../fixtures/registry/region-v1.graphql'), '--by', 'operator');
    delete process.env.WEBHOOK_FILE;
    expect(run).toMatchObject({ code: 0 });
    await receiver.count('/cli', 3);
    let dead = await webhooks.deadLetters(webhook.id);
    for (const until = Date.now() + 5000; dead.length === 0 && Date.now() < until; dead = await webhooks.deadLetters(webhook.id)) await new Promise((r) => setTimeout(r, 50));
    expect(dead).toEqual([expect.objectContaining({ type: 'registry.published', attempts: 3, lastError: 'HTTP 400' })]);
    await webhooks.replay(dead[0].id);
    await receiver.count('/cli', 4);
    expect((receiver.at('/cli')[3].verified as Notification)).toMatchObject({ type: 'registry.published', data: { version: 1, publishedBy: 'operator' } });
  });

  it('sends the initial catalog that npm start publishes as any other catalog publish, and nothing when a catalog is kept', async () => {
    const webhook = await registerWebhook(webhooks, new WebhookAllowList([receiver.origin]), { url: `${receiver.origin}/initial`, source: { kind: 'registry' }, createdBy: 'auditor-4' });
    receiver.script('/initial', [{ status: 200 }], webhook.secret);
    const store = { file: path.join(dir, 'initial-history.jsonl'), redisUrl: null, redisPrefix: 'unused:', signingKey: null };
    expect(await publishInitialCatalog(store, 'npm-start@host', () => webhooks)).toEqual({ status: 'published', version: 1 });
    await receiver.count('/initial', 1);
    expect(await publishInitialCatalog(store, 'npm-start@host', () => webhooks)).toEqual({ status: 'kept', version: 1 });
    const [sent] = notifications('/initial');
    expect(sent.type).toBe('registry.catalog_published');
    expect(sent.data).toEqual(expect.objectContaining({ catalogVersion: 1, publishedBy: 'npm-start@host', previousHash: null, rollbackOf: null }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(notifications('/initial')).toHaveLength(1);
  });

  it('sends the sharing catalog\'s publish, refusal, approval and rollback with what they change', async () => {
    const webhook = await registerWebhook(webhooks, new WebhookAllowList([receiver.origin]), { url: `${receiver.origin}/catalog`, source: { kind: 'registry' }, createdBy: 'auditor-3' });
    receiver.script('/catalog', [{ status: 200 }], webhook.secret);
    const store = openCatalogStore({ file: path.join(dir, 'catalog-history.jsonl'), redisUrl: null, redisPrefix: 'unused:', signingKey: null });
    const catalog = new CatalogRegistry(notifyingCatalogStore(store, () => webhooks));
    expect((await catalog.publish({ content: DEFAULT_CATALOG, by: 'launcher' })).status).toBe('published');
    const widening = moved(DEFAULT_CATALOG, 'HazmatEnterprise.contactPhone', null);
    const refused = await catalog.publish({ content: widening, by: 'dev' });
    if (refused.status !== 'refused') throw new Error(`expected refused, got ${refused.status}`);
    expect((await catalog.approve(refused.check.id, 'lead', 'phones are public in the 2027 agreement')).status).toBe('published');
    expect((await catalog.rollback(1, 'lead')).status).toBe('published');
    await receiver.count('/catalog', 4);
    const byType = (type: string) => notifications('/catalog').filter((n) => n.type === type).map((n) => n.data as unknown as Record<string, unknown>);
    const widened = expect.objectContaining({ kind: 'WIDENED', coordinate: 'HazmatEnterprise.contactPhone', from: 'HAZMAT_DETAIL', to: null });
    expect(byType('registry.catalog_published')).toEqual([expect.objectContaining({ catalogVersion: 1, publishedBy: 'launcher' })]);
    expect(byType('registry.catalog_refused')).toEqual([expect.objectContaining({ by: 'dev', changes: [widened] })]);
    expect(byType('registry.catalog_approved')).toEqual([expect.objectContaining({ catalogVersion: 2, approval: expect.objectContaining({ by: 'lead', reason: 'phones are public in the 2027 agreement' }), changes: [widened] })]);
    expect(byType('registry.catalog_rolled_back')).toEqual([expect.objectContaining({ catalogVersion: 3, rollbackOf: 1 })]);
    await catalog.close();
  });
});
