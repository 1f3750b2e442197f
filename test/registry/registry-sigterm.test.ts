import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { urlOf, watchReady } from '../support/child-ready';
import { registryGql } from '../support/registry-gql';
import { releaseBuild, sharedBuild } from '../support/shared-build';
import { newSigningSeed } from '../support/signing-keys';
import { TEST_AUTH_ENV } from '../support/tokens';
import { variedEntry } from '../support/varied-access';

/**
 * The registry subgraph process stops on SIGTERM by closing its server and stores, exiting 0: the
 * access-log index it built is saved as its snapshot on the way out (a process ended by the
 * signal's default action saves none, and the next start reads the whole log again). NODE_ENV is
 * not `test` in the child, as in a deployment: Apollo Server registers signal handlers of its own then.
 */

let outDir: string;
let dir: string;
beforeAll(async () => {
  [outDir, dir] = await Promise.all([sharedBuild('registry-sigterm'), mkdtemp(path.join(tmpdir(), 'registry-sigterm-'))]);
}, 300_000);
afterAll(async () => {
  if (outDir) releaseBuild(outDir);
  await rm(dir, { recursive: true, force: true });
});

const exists = (file: string) => access(file).then(() => true, () => false);

it('closes cleanly on SIGTERM: exit code 0, and the access-log index snapshot flushed', async () => {
  const log = path.join(dir, 'access.jsonl');
  const writer = new FileAccessLogStore({ file: log });
  await writer.append(Array.from({ length: 300 }, (_, n) => variedEntry(n)));
  await writer.close();
  const child = spawn(process.execPath, [path.join(outDir, 'subgraphs/registry/main.js')], {
    env: { ...process.env, ...TEST_AUTH_ENV, NODE_ENV: 'development', REGISTRY_PORT: '0', REDIS_URL: '', REGISTRY_FILE: path.join(dir, 'history.jsonl'), ACCESS_LOG_FILE: log, WEBHOOK_FILE: path.join(dir, 'webhooks.json'), REGISTRY_SIGNING_KEY: newSigningSeed() },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
  const url = urlOf(await watchReady(child, 'the registry subgraph')(), 'registry');
  const answer = await registryGql(() => url)<{ accessRecords: { totalCount: number } }>('{ accessRecords(first: 1) { totalCount } }');
  expect(answer.data?.accessRecords.totalCount).toBe(300);
  expect(await exists(`${log.replace(/\.jsonl$/, '')}.index.bin`)).toBe(false);

  child.kill('SIGTERM');
  expect(await exited).toEqual([0, null]);
  expect(await exists(`${log.replace(/\.jsonl$/, '')}.index.bin`)).toBe(true);
}, 60_000);
