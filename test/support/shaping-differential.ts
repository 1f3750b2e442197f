import { appendFileSync } from 'node:fs';
import { compiledComputeResponse, stockShaping } from '../../gateway/executor/compiled-shaping';

/**
 * A jest setup file for the differential run of issue 21 (not in jest.config.js: passed with
 * `--setupFilesAfterEnv test/support/shaping-differential.ts` to the e2e files one wants compared).
 * Every final answer any gateway of the test process shapes is shaped twice, by @apollo/gateway's
 * walk and by the compiled steps, from the same merged data; a difference fails the request (its
 * message names both answers) and is appended to SHAPING_DIFF_LOG with the count of answers compared.
 */

type Shaping = typeof stockShaping;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resultShaping = require('@apollo/gateway/dist/resultShaping') as { computeResponse: Shaping };
const log = process.env.SHAPING_DIFF_LOG;
let compared = 0;
let differing = 0;

function printed(result: ReturnType<Shaping>): string {
  return JSON.stringify({ data: result.data, errors: result.errors.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) });
}

resultShaping.computeResponse = (parameters) => {
  const stock = stockShaping(parameters);
  const compiled = compiledComputeResponse(parameters);
  compared += 1;
  const [a, b] = [printed(stock), printed(compiled)];
  if (a !== b) {
    differing += 1;
    if (log) appendFileSync(log, `DIFFERENT ${expect.getState().testPath}\n  stock:    ${a}\n  compiled: ${b}\n`);
    throw new Error(`compiled result shaping differs from @apollo/gateway's: stock ${a}, compiled ${b}`);
  }
  return stock;
};

afterAll(() => {
  if (log) appendFileSync(log, `${expect.getState().testPath}: ${compared} answers compared, ${differing} different\n`);
});
