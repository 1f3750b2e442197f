import { execFile } from 'node:child_process';
import path from 'node:path';
import { projectBuild } from './shared-build';

/** The compiled registry CLI, the script behind `npm run registry`, run as a deployment runs it. */

let cli: string | null = null;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Compiles the CLI with its own tsconfig, as `npm run registry` does before running it (once per jest run, see projectBuild). */
export async function compileRegistryCli(): Promise<void> {
  cli = path.join(await projectBuild('schema/registry/tsconfig.cli.json'), 'schema/registry/cli.js');
}

/** Runs the CLI in `cwd` over the history file `file` (no Redis). */
export function registryCli(cwd: string, file: string, ...args: string[]): Promise<CliRun> {
  return registryCliIn(cwd, { REDIS_URL: '', REGISTRY_FILE: file }, ...args);
}

/** Runs the CLI in `cwd` with `env` added to this process's environment. */
export function registryCliIn(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    if (!cli) throw new Error('compileRegistryCli() first');
    execFile(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
