import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectBuild } from '../support/shared-build';

/** The gateway process (gateway/main.js, built by its npm script's tsconfig) refuses to start on an invalid variable, and says which. */

let gatewayMain: string;

function runGateway(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [gatewayMain], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the gateway process with an invalid configuration', () => {
  beforeAll(async () => {
    gatewayMain = path.join(await projectBuild('gateway/tsconfig.main.json'), 'gateway/main.js');
  }, 120_000);

  it('exits 1 at start with CONFIG_INVALID, naming each invalid variable and its value', async () => {
    const { code, stderr } = await runGateway({ GATEWAY_PORT: 'abc', SHARD_TIMEOUT_MS: '-5' });
    expect(code).toBe(1);
    const line = JSON.parse(stderr.trim().split('\n').pop() as string) as { level: string; code: string; error: string; problems: { variable: string; value: string }[] };
    expect(line).toMatchObject({ level: 'fatal', code: 'CONFIG_INVALID' });
    expect(line.error).toMatch(/GATEWAY_PORT="abc"/);
    expect(line.problems.map((p) => [p.variable, p.value])).toEqual([
      ['GATEWAY_PORT', 'abc'],
      ['SHARD_TIMEOUT_MS', '-5'],
    ]);
  }, 30_000);
});
