import { rmSync } from 'node:fs';
import { SHARED_BUILD_ENV } from './shared-build';

/** Removes this run's shared build and its data sets (test-dataset.ts). */
export default function globalTeardown(): void {
  const shared = process.env[SHARED_BUILD_ENV];
  if (!shared) return;
  rmSync(shared, { recursive: true, force: true });
  rmSync(`${shared}.lock`, { recursive: true, force: true });
  rmSync(`${shared}.datasets`, { recursive: true, force: true });
}
