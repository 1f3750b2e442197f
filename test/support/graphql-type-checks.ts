/**
 * graphql-js tests every value's type with its own instanceOf, which, unless NODE_ENV is
 * production, also looks for copies of graphql from another realm each time a test fails: in the
 * fuzz runs that was a quarter of the gateway's CPU. Jest sets NODE_ENV to test, so instanceOf is
 * loaded here (into each test file's registry, before graphql itself) as production loads it;
 * NODE_ENV goes back to what it was for everything else.
 */
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  jest.requireActual('graphql/jsutils/instanceOf');
} finally {
  process.env.NODE_ENV = nodeEnv;
}

export {};
