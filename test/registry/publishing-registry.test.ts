import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPublishingRegistry } from '../../launcher/publishing-registry';
import type { RegistryStoreConfig } from '../../schema/config/shared-config';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { WebhookAllowList } from '../../schema/webhooks/allow-list';
import { FileWebhookStore } from '../../schema/webhooks/file-store';
import { registerWebhook } from '../../schema/webhooks/register';
import { fixtureSdl, published } from '../support/registry-sdl';
import { newSigningSeed } from '../support/signing-keys';

/**
 * `npm start` and `npm run publish` publish the running schemas through one registry: each
 * publish queues its registry.published notification for the registry webhooks (npm start's went
 * through a plain store and announced nothing), and each version is signed with REGISTRY_SIGNING_KEY
 * (`npm run publish`'s was not).
 */

const ROOT = path.resolve(__dirname, '../..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'publishing-registry-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('announces each publish to the registry webhooks and signs each version', async () => {
  const webhooks = new FileWebhookStore(path.join(dir, 'webhooks.json'));
  const origin = 'http://127.0.0.1:9';
  const webhook = await registerWebhook(webhooks, new WebhookAllowList([origin]), { url: `${origin}/registry`, source: { kind: 'registry' }, createdBy: 'auditor-1' });
  const store: RegistryStoreConfig = { redisUrl: null, redisPrefix: 'unused:', file: path.join(dir, 'history.jsonl'), signingKey: newSigningSeed() };
  const registry = openPublishingRegistry(store, () => webhooks);
  const version = published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await fixtureSdl('region-v1'), by: 'npm-start' }));
  await registry.close();

  const queued = await webhooks.claim(Date.now() + 1000, 1000, 10);
  expect(queued.map((d) => [d.webhookId, d.type])).toEqual([[webhook.id, 'registry.published']]);
  expect((JSON.parse(queued[0].body) as { data: { version: number } }).data.version).toBe(version.number);
  const [stored] = await new FileRegistryStore({ file: store.file }).versions();
  expect(stored.signature).toEqual(expect.any(String));
  await webhooks.close();
});

it('is what both entry points publish with', async () => {
  for (const entry of ['launcher/start.ts', 'launcher/publish-main.ts']) {
    const source = await readFile(path.join(ROOT, entry), 'utf8');
    expect([entry, source.includes("'./publishing-registry'"), /openRegistry\(|new Registry\(/.test(source)]).toEqual([entry, true, false]);
  }
});
