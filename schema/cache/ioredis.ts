import type * as IORedis from 'ioredis';

/**
 * ioredis, loaded when Redis is first used: processes on the in-process defaults (every process
 * `npm start` runs) do not pay its load time.
 */
export function ioredis(): typeof IORedis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ioredis') as typeof IORedis;
}
