import { flag, oneOf, text } from './variable';

/** `npm start`: what it starts and how. */
export const LAUNCHER_VARIABLES = {
  PROVINCE_PROCESSES: oneOf({ values: ['one', 'each'], default: 'one', description: '`npm start`: the four province subgraphs in `one` process, or `each` in its own' }),
  START_SIMULATORS: flag({ default: true, description: '`false`: `npm start` points at the real systems named by `LEGACY_*`' }),
  RUN_STATE_DIR: text({ default: '.run', type: 'path', description: "`npm start`'s state of the running federation: the JWT secret it generated (`jwt-secret`, mode 0600), which `npm run token` reads" }),
} as const;
