import path from 'node:path';
import { SHARED_BUILD_ENV } from './shared-build';

/**
 * Names this run's shared build (see shared-build.ts); the workers inherit the variable. Nothing
 * is compiled until a test file asks. Every node process the tests start (gateways, subgraphs,
 * CLIs) preloads graphql-production-checks.cjs through NODE_OPTIONS.
 */
export default function globalSetup(): void {
  process.env[SHARED_BUILD_ENV] = path.resolve(__dirname, '../..', '.test-dist', `shared-${process.pid}`);
  const preload = `--require "${path.join(__dirname, 'graphql-production-checks.cjs')}"`;
  const options = process.env.NODE_OPTIONS ?? '';
  if (!options.includes(preload)) process.env.NODE_OPTIONS = `${options} ${preload}`.trim();
}
