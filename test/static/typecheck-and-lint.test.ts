import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { typeCheck } from '../support/shared-build';

const root = path.resolve(__dirname, '../..');

function run(bin: string, args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(process.execPath, [path.join(root, 'node_modules', bin), ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('static checks', () => {
  // In a jest run, the type check is the shared build's compilation of tsconfig.json (test/support/shared-build.ts).
  it('the whole project type-checks under strict TypeScript', async () => {
    const result = await typeCheck();
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 180_000);

  it('the linter finds nothing (no any, no unused code)', () => {
    const result = run('eslint/bin/eslint.js', ['.', '--max-warnings', '0']);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 180_000);
});
