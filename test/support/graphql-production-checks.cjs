/* global require, process */
'use strict';
/**
 * Preloaded (NODE_OPTIONS --require, set by the jest global setup) into every node process a test
 * starts: graphql's instanceOf as production loads it, as graphql-type-checks.ts does for the jest
 * workers. In development mode a failed type test looks for copies of graphql from another realm,
 * which costs the gateway's and subgraphs' schema building and requests; NODE_ENV goes back to
 * what the process was given, for everything else.
 */
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // A preload is plain CommonJS: node loads it before any TypeScript build exists.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('graphql/jsutils/instanceOf');
} catch {
  // A process started outside the project's tree has no graphql to load.
} finally {
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
}
