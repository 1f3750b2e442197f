import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

/** The gateway process (dist/gateway/main.js, built here) refuses to start on an invalid variable, and says which. */

const root = path.resolve(__dirname, '..', '..');

function runGateway(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/gateway/main.js')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the gateway process with an invalid configuration', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'gateway/tsconfig.main.json'], { cwd: root, stdio: 'pipe' });
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
