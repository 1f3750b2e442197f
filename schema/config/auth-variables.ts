import { flag, integer, optionalText, text } from './variable';

/** Bearer-token verification, the same at the gateway and at every subgraph. */
export const AUTH_VARIABLES = {
  JWT_SECRET: optionalText({ description: 'HS256 shared secret (at least 32 bytes)' }),
  SERVICE_TOKEN_SECRET: optionalText({ defaultText: 'JWT_SECRET', description: "HS256 secret the gateway signs its short-lived service tokens with and the province subgraphs verify them with (their change feeds accept nothing else), and, without `JWT_SECRET`, the tokens it acts with for a webhook subscription's registering caller; required where tokens are verified by a JWKS alone (the gateway and every subgraph refuse to start without it)" }),
  JWT_JWKS_FILE: optionalText({ type: 'path', description: 'a JWKS file: RS256 / ES256 public keys' }),
  JWT_JWKS_URL: optionalText({ type: 'URL', description: 'a JWKS endpoint: RS256 / ES256 public keys, fetched and cached' }),
  JWT_ISSUER: text({ default: 'yrd-federation', description: 'the required `iss`' }),
  JWT_AUDIENCE: text({ default: 'yrd-gateway', description: 'the required `aud`' }),
  JWT_CLOCK_TOLERANCE_SEC: integer({ default: 5, unit: 's', description: 'leeway on `exp` / `nbf`' }),
  ALLOW_ANONYMOUS: flag({ default: true, description: 'requests without a token see unconditional data' }),
  ANONYMOUS_ONLY: flag({ default: false, description: '`true`: no token keys, every caller anonymous; what lets a production gateway start without `JWT_SECRET`' }),
} as const;
