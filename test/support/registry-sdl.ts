import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PublishOutcome } from '../../schema/registry/registry';

const root = path.resolve(__dirname, '../..');

/** A subgraph's SDL as printed now (schema/snapshots/<name>.graphql). */
export const snapshotSdl = (name: string): Promise<string> => readFile(path.join(root, 'schema/snapshots', `${name}.graphql`), 'utf8');

/** An SDL kept for registry tests (test/fixtures/registry/<name>.graphql), e.g. a subgraph as it was before a change. */
export const fixtureSdl = (name: string): Promise<string> => readFile(path.join(root, 'test/fixtures/registry', `${name}.graphql`), 'utf8');

/** The version a publish made; fails the test with the check's findings when it was refused. */
export function published(outcome: PublishOutcome) {
  if (outcome.status !== 'published') throw new Error(`expected published, got ${outcome.status}: ${JSON.stringify(outcome.check)}`);
  return outcome.version;
}
