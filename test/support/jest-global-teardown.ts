import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SHARED_BUILD_ENV } from './shared-build';

/** Removes this run's shared build and what was made beside it (its lock, data sets, project builds). */
export default function globalTeardown(): void {
  const shared = process.env[SHARED_BUILD_ENV];
  if (!shared) return;
  rmSync(shared, { recursive: true, force: true });
  const beside = `${path.basename(shared)}.`;
  let names: string[] = [];
  try {
    names = readdirSync(path.dirname(shared));
  } catch {
    // Nothing was built.
  }
  for (const name of names) if (name.startsWith(beside)) rmSync(path.join(path.dirname(shared), name), { recursive: true, force: true });
}
