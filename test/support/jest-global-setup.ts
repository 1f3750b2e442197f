import path from 'node:path';
import { SHARED_BUILD_ENV } from './shared-build';

/** Names this run's shared build (see shared-build.ts); the workers inherit the variable. Nothing is compiled until a test file asks. */
export default function globalSetup(): void {
  process.env[SHARED_BUILD_ENV] = path.resolve(__dirname, '../..', '.test-dist', `shared-${process.pid}`);
}
