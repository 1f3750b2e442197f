import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The node processes a test starts load graphql's type checks as production does (the preload the
 * jest global setup names in NODE_OPTIONS), and still see the NODE_ENV they were given.
 */

const root = path.resolve(__dirname, '../..');
const PROBE = "const { instanceOf } = require('graphql/jsutils/instanceOf'); console.log(JSON.stringify({ development: instanceOf.toString().includes('toStringTag'), nodeEnv: process.env.NODE_ENV ?? null }))";

async function probe(env: NodeJS.ProcessEnv): Promise<{ development: boolean; nodeEnv: string | null }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', PROBE], { cwd: root, env });
  return JSON.parse(stdout) as { development: boolean; nodeEnv: string | null };
}

it('a child process of the run loads the production instanceOf and keeps its NODE_ENV', async () => {
  expect(process.env.NODE_OPTIONS).toContain('graphql-production-checks.cjs');
  expect(await probe({ ...process.env, NODE_ENV: 'test' })).toEqual({ development: false, nodeEnv: 'test' });
  const { NODE_ENV: _unset, ...withoutNodeEnv } = process.env;
  expect(await probe(withoutNodeEnv)).toEqual({ development: false, nodeEnv: null });
});

it('without the preload a child would load the development checks (what the preload saves)', async () => {
  expect(await probe({ ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test' })).toEqual({ development: true, nodeEnv: 'test' });
});
