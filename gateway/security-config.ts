import type { CallerVerifierOptions } from '../schema/caller';
import type { LimitOptions } from './plugins/apollo/limits';

/** Authentication, limits and introspection: the gateway's security settings. */
export interface GatewaySecurity {
  auth: CallerVerifierOptions;
  limits: LimitOptions;
  /** Tokens the parser reads before it refuses a document. */
  maxTokens: number;
  /** NODE_ENV=production: introspection for auditors only. */
  production: boolean;
}
