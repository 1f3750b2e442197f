import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';

/** The compiled registry CLI, the script behind `npm run registry`, run as a deployment runs it. */

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/schema/registry/cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Compiles the CLI into dist/ (its own tsconfig), as `npm run registry` does before running it. */
export function compileRegistryCli(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'schema/registry/tsconfig.cli.json'], { cwd: ROOT, stdio: 'pipe' });
}

/** Runs the CLI in `cwd` over the history file `file` (no Redis). */
export function registryCli(cwd: string, file: string, ...args: string[]): Promise<CliRun> {
  return registryCliIn(cwd, { REDIS_URL: '', REGISTRY_FILE: file }, ...args);
}

/** Runs the CLI in `cwd` with `env` added to this process's environment. */
export function registryCliIn(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
