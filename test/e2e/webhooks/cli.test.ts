import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Federation } from '../../support/federation';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { alertOf, elapse, feedMark, startPushFederation, touch, waitFor, WARNING_CHANGES } from '../subscriptions/harness';
import { removeFile, webhookEnv, webhookFile } from './harness';

const ROOT = path.resolve(__dirname, '../../..');
let fed: Federation;
const receiver = new WebhookReceiver();
const file = webhookFile();
const documentFile = `${file}.graphql`;
let env: Record<string, string>;

/** `npm run webhooks -- …` as an operator runs it: the compiled CLI over the gateway's own store. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'dist/schema/webhooks/cli.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env, REDIS_URL: '' } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'schema/webhooks/tsconfig.cli.json'], { cwd: ROOT, stdio: 'pipe' });
  await receiver.start();
  env = webhookEnv(receiver, file);
  await writeFile(documentFile, WARNING_CHANGES);
  fed = await startPushFederation({ gatewayEnv: env });
});
afterAll(async () => {
  await fed?.close();
  await receiver.close();
  await removeFile(file);
  await removeFile(documentFile);
});

describe('npm run webhooks', () => {
  it('adds a webhook that a gateway feeds, lists it without its secret, lists its dead letters, replays them and removes it', async () => {
    const mark = await feedMark(fed);
    const added = await cli('add', '--url', `${receiver.origin}/cli`, '--subscription', documentFile, '--variables', '{"filter":{"provinces":["AH"]}}', '--role', 'exchange', '--catalog', 'HAZMAT_DETAIL', '--by', 'operator-1', '--json');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const { id, secret } = JSON.parse(added.stdout) as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await cli('list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, url: `${receiver.origin}/cli`, createdBy: 'operator-1', source: expect.objectContaining({ kind: 'subscription', caller: { sub: 'operator-1', role: 'exchange', province: null, catalog: ['HAZMAT_DETAIL'] } }) })]);
    expect(listed.stdout).not.toContain(secret);

    receiver.script('/cli', [{ status: 500 }], secret);
    await waitFor(() => fed.gateway.webhooks.feeding().includes(id), 10_000);
    await mark.positionsTaken(1);
    const target = alertOf(fed, 'AH', 1);
    await touch(fed, 'AH', target.sourceId, { headline: 'through the CLI' });
    await receiver.count('/cli', 3);
    let dead: { id: string; attempts: number }[] = [];
    for (let until = Date.now() + 5000; dead.length === 0 && Date.now() < until; await elapse(50)) dead = JSON.parse((await cli('dead-letters', '--webhook', id, '--json')).stdout) as typeof dead;
    expect(dead).toEqual([expect.objectContaining({ attempts: 3, lastError: 'HTTP 500' })]);

    receiver.script('/cli', [{ status: 202 }], secret);
    expect(await cli('replay', '--all', '--webhook', id)).toMatchObject({ code: 0, stdout: `queued ${dead[0].id}\n` });
    const all = await receiver.count('/cli', 4);
    expect((all[3].verified as { data: { warningChanges: { warning: { headline: string } } } }).data.warningChanges.warning.headline).toBe('through the CLI');
    expect(JSON.parse((await cli('dead-letters', '--json')).stdout)).toEqual([]);

    expect(await cli('remove', id)).toMatchObject({ code: 0 });
    expect(JSON.parse((await cli('list', '--json')).stdout)).toEqual([]);
    expect(await cli('remove', id)).toMatchObject({ code: 1, stderr: expect.stringContaining('WEBHOOK_NOT_FOUND') });
  });

  it('refuses a target off the allow-list, an invalid document and a usage error with their own exit codes', async () => {
    const off = await cli('add', '--url', 'http://169.254.169.254/latest', '--subscription', documentFile, '--role', 'app', '--by', 'x');
    expect(off).toMatchObject({ code: 1, stderr: expect.stringContaining('WEBHOOK_TARGET_NOT_ALLOWED: http://169.254.169.254 is not on the webhook allow-list') });
    const query = `${file}.query.graphql`;
    await writeFile(query, '{ warnings(first: 1) { totalCount } }');
    expect(await cli('add', '--url', `${receiver.origin}/x`, '--subscription', query, '--role', 'app', '--by', 'x')).toMatchObject({ code: 1, stderr: expect.stringContaining('WEBHOOK_INVALID') });
    await removeFile(query);
    expect(await cli('add', '--url', `${receiver.origin}/x`, '--subscription', documentFile, '--role', 'boss', '--by', 'x')).toMatchObject({ code: 2 });
    expect(await cli('add', '--url', `${receiver.origin}/x`, '--subscription', documentFile, '--role', 'app', '--by', 'x', '--secret', 'plain-text')).toMatchObject({ code: 1, stderr: expect.stringContaining('whsec_') });
    expect(JSON.parse((await cli('list', '--json')).stdout)).toEqual([]);
  });
});
