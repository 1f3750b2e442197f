import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { typeCheck } from '../support/shared-build';

const root = path.resolve(__dirname, '../..');

async function run(bin: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules', bin), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, output: stdout };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('static checks', () => {
  // The linter runs while the type check compiles (two processes, where the run waited for one and then the other).
  let lint: Promise<{ ok: boolean; output: string }>;
  beforeAll(() => {
    lint = run('eslint/bin/eslint.js', ['.', '--max-warnings', '0']);
  });
  afterAll(async () => {
    await lint;
  });

  // In a jest run, the type check is the shared build's compilation of tsconfig.json (test/support/shared-build.ts).
  it('the whole project type-checks under strict TypeScript', async () => {
    const result = await typeCheck();
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 180_000);

  it('the linter finds nothing (no any, no unused code)', async () => {
    const result = await lint;
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 180_000);
});
