import { AUTH_VARIABLES } from '../schema/config/auth-variables';
import { deepFreeze } from '../schema/config/deep-freeze';
import { GATEWAY_VARIABLES } from '../schema/config/gateway-variables';
import { LAUNCHER_VARIABLES } from '../schema/config/launcher-variables';
import { ConfigError, readVariables, type Env } from '../schema/config/read-variables';
import { readRunSecret, runSecretFile } from './run-secret';

/** What `npm run token` signs with: the running configuration's issuer, audience and secret. */
export interface TokenConfig {
  secret: string;
  issuer: string;
  audience: string;
  /** Where the secret came from, for the message on stderr. */
  source: string;
}

const TOKEN_VARIABLES = {
  JWT_SECRET: AUTH_VARIABLES.JWT_SECRET,
  JWT_ISSUER: AUTH_VARIABLES.JWT_ISSUER,
  JWT_AUDIENCE: AUTH_VARIABLES.JWT_AUDIENCE,
  NODE_ENV: GATEWAY_VARIABLES.NODE_ENV,
  RUN_STATE_DIR: LAUNCHER_VARIABLES.RUN_STATE_DIR,
} as const;

/**
 * JWT_SECRET when set, else the secret of the development run `npm start` keeps in its state
 * directory. Development tokens only: refused in production.
 */
export function loadTokenConfig(env: Env): TokenConfig {
  const v = readVariables(TOKEN_VARIABLES, env);
  if (v.NODE_ENV === 'production') throw new ConfigError([{ variable: 'NODE_ENV', value: v.NODE_ENV, reason: '`npm run token` mints development tokens only, never in production' }]);
  const fromRun = v.JWT_SECRET ? null : readRunSecret(v.RUN_STATE_DIR);
  const secret = v.JWT_SECRET ?? fromRun;
  if (!secret) {
    throw new ConfigError([{ variable: 'JWT_SECRET', value: undefined, reason: `is unset and no development run of \`npm start\` is running (no ${runSecretFile(v.RUN_STATE_DIR)}); start one, or set JWT_SECRET to the deployment's` }]);
  }
  return deepFreeze({ secret, issuer: v.JWT_ISSUER, audience: v.JWT_AUDIENCE, source: fromRun ? runSecretFile(v.RUN_STATE_DIR) : 'JWT_SECRET' });
}
