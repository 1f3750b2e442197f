import { callerVerifierOptionsFromEnv, type CallerVerifierOptions } from '../schema/caller';
import { limitOptionsFromEnv, maxTokensFromEnv, type LimitOptions } from './plugins/apollo/limits';

/** Authentication, limits and introspection: the gateway's security settings, from the environment. */
export interface GatewaySecurity {
  auth: CallerVerifierOptions;
  limits: LimitOptions;
  /** Tokens the parser reads before it refuses a document. */
  maxTokens: number;
  /** NODE_ENV=production: introspection for auditors only. */
  production: boolean;
}

export function securityConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewaySecurity {
  return {
    auth: callerVerifierOptionsFromEnv(env),
    limits: limitOptionsFromEnv(env),
    maxTokens: maxTokensFromEnv(env),
    production: env.NODE_ENV === 'production',
  };
}
