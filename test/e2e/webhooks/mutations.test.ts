import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../../schema/registry/file-store';
import { Registry } from '../../../schema/registry/registry';
import { WebhookAllowList } from '../../../schema/webhooks/allow-list';
import { FileWebhookStore } from '../../../schema/webhooks/file-store';
import { REGISTRY_SDL, startRegistrySubgraph, type RunningRegistrySubgraph } from '../../../subgraphs/registry/registry-subgraph';
import type { Federation } from '../../support/federation';
import { published, snapshotSdl } from '../../support/registry-sdl';
import { bearer, testVerifier } from '../../support/tokens';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { alertOf, feedMark, startPushFederation, touch, waitFor, WARNING_CHANGES } from '../subscriptions/harness';
import { webhookEnv } from './harness';

/** The registry SDL without its webhooks section (from its header to the next section's): what it was before the webhooks. */
function withoutWebhookSection(sdl: string): string {
  const start = sdl.indexOf('# ---------------------------------------------------------------- webhooks');
  const end = sdl.indexOf('# ----------------------------------------------------------------', start + 1);
  if (start < 0 || end < 0) throw new Error('the registry SDL has no webhooks section between two section headers');
  return sdl.slice(0, start) + sdl.slice(end);
}

let dir: string;
let registry: Registry;
let subgraph: RunningRegistrySubgraph;
let fed: Federation;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'webhook-mutations-'));
  await receiver.start();
  const env = webhookEnv(receiver, path.join(dir, 'webhooks.json'));
  registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
  const store = new FileWebhookStore(env.WEBHOOK_FILE);
  subgraph = await startRegistrySubgraph({ registry, auth: testVerifier(), webhooks: { store, allowList: new WebhookAllowList(env.WEBHOOK_ALLOWED_TARGETS.split(' ')) } });
  fed = await startPushFederation({ gatewayEnv: { ...env, REGISTRY_URL: subgraph.url } });
  // The registry's live API schema, which checks a webhook's document.
  published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await snapshotSdl('region'), by: 'ci' }));
  published(await registry.publish({ subgraph: 'provinces', sdl: await snapshotSdl('province'), by: 'ci', approval: { reason: 'contract v1.1' } }));
});
afterAll(async () => {
  await fed?.close();
  await subgraph?.close();
  await registry?.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

const REGISTER = `mutation Register($input: SubscriptionWebhookInput!) {
  registerSubscriptionWebhook(input: $input) { secret webhook { id url source document createdBy createdAt } }
}`;

type Registered = { registerSubscriptionWebhook: { secret: string; webhook: { id: string; url: string; source: string; createdBy: string } } | null };

describe('webhook mutations for the exchange role, through the gateway', () => {
  it('registers a subscription webhook whose deliveries a gateway sends signed with the secret it answered, lists it without the secret, and removes it', async () => {
    const exchange = await bearer({ sub: 'exchange-platform', role: 'exchange', catalog: ['HAZMAT_DETAIL'] });
    const input = { url: `${receiver.origin}/via-mutation`, document: WARNING_CHANGES, variablesJson: JSON.stringify({ filter: { provinces: ['SH'] } }) };
    const mark = await feedMark(fed);
    const answer = await fed.query<Registered>(REGISTER, { input }, exchange);
    expect(answer.errors).toBeUndefined();
    const registered = answer.data?.registerSubscriptionWebhook;
    expect(registered).toMatchObject({ secret: expect.stringMatching(/^whsec_/), webhook: { url: input.url, source: 'SUBSCRIPTION', createdBy: 'exchange-platform' } });
    receiver.script('/via-mutation', [{ status: 200 }], registered?.secret);
    const id = registered?.webhook.id as string;
    await waitFor(() => fed.gateway.webhooks.feeding().includes(id), 10_000);
    await mark.positionsTaken(1);
    const target = alertOf(fed, 'SH', 3);
    await touch(fed, 'SH', target.sourceId, { headline: 'registered by mutation' });
    const [got] = await receiver.count('/via-mutation', 1);
    expect((got.verified as { data: { warningChanges: { warning: { id: string; headline: string } } } }).data.warningChanges.warning).toMatchObject({ id: target.id, headline: 'registered by mutation' });

    const listed = await fed.query<{ webhooks: { id: string }[] }>('{ webhooks { id url source createdBy } }', {}, exchange);
    expect(listed.data?.webhooks).toEqual([{ id, url: input.url, source: 'SUBSCRIPTION', createdBy: 'exchange-platform' }]);
    expect(JSON.stringify(listed)).not.toContain(registered?.secret);
    expect((await fed.query<{ removeWebhook: boolean }>('mutation($id: ID!) { removeWebhook(id: $id) }', { id }, exchange)).data).toEqual({ removeWebhook: true });
    expect((await fed.query<{ webhooks: unknown[] }>('{ webhooks { id } }', {}, exchange)).data?.webhooks).toEqual([]);
  });

  it('refuses other roles with FORBIDDEN, a target off the allow-list with WEBHOOK_TARGET_NOT_ALLOWED, and a document the live schema does not validate with WEBHOOK_INVALID', async () => {
    const exchange = await bearer({ role: 'exchange' });
    const input = { url: `${receiver.origin}/x`, document: WARNING_CHANGES };
    const codes = async (variables: Record<string, unknown>, headers: Record<string, string>) => (await fed.query(REGISTER, variables, headers)).errors?.map((e) => [e.extensions?.code, e.extensions?.argument ?? null]);
    expect(await codes({ input }, await bearer({ role: 'app', catalog: ['HAZMAT_DETAIL'] }))).toEqual([['FORBIDDEN', null]]);
    expect(await codes({ input }, await bearer({ role: 'auditor' }))).toEqual([['FORBIDDEN', null]]);
    expect(await codes({ input: { ...input, url: 'http://10.0.0.8/hook' } }, exchange)).toEqual([['WEBHOOK_TARGET_NOT_ALLOWED', 'url']]);
    expect(await codes({ input: { ...input, document: 'subscription { warningChanges { noSuchField } }' } }, exchange)).toEqual([['WEBHOOK_INVALID', 'document']]);
    expect(await codes({ input: { ...input, variablesJson: '[1]' } }, exchange)).toEqual([['WEBHOOK_INVALID', 'input.variablesJson']]);
    expect((await fed.query<{ webhooks: unknown[] }>('{ webhooks { id } }', {}, exchange)).data?.webhooks).toEqual([]);
  });

  it('adds the webhook fields to the registry subgraph as SAFE changes only', async () => {
    const history = new Registry(new FileRegistryStore({ file: path.join(dir, 'safe.jsonl') }));
    published(await history.publish({ subgraph: 'registry', url: subgraph.url, sdl: withoutWebhookSection(REGISTRY_SDL), by: 'ci' }));
    const after = published(await history.publish({ subgraph: 'registry', url: subgraph.url, sdl: REGISTRY_SDL, by: 'ci' }));
    expect(after.changes.length).toBeGreaterThan(0);
    expect(after.changes.filter((c) => c.criticality !== 'SAFE')).toEqual([]);
    expect(after.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['Mutation', 'Query.webhooks', 'Webhook']));
    await history.close();
  });
});
