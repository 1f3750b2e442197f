import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The JWT secret a development run of `npm start` generated, kept in its state directory (mode
 * 0600) while the run lasts, so that `npm run token` mints tokens the running federation accepts.
 */

const SECRET_FILE = 'jwt-secret';

export function runSecretFile(stateDir: string): string {
  return path.resolve(stateDir, SECRET_FILE);
}

/** 32 random bytes, base64url: 43 characters, above the verifier's 32-byte minimum. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function writeRunSecret(stateDir: string, secret: string): string {
  const file = runSecretFile(stateDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function readRunSecret(stateDir: string): string | null {
  const file = runSecretFile(stateDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

export function removeRunSecret(stateDir: string): void {
  rmSync(runSecretFile(stateDir), { force: true });
}
