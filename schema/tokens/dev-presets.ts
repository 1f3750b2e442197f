import { CATALOG_ENTRIES } from '../sharing-catalog';
import type { TokenClaims } from './sign-token';

/** The tokens `npm start` prints on a development run: one per kind of caller of the sharing catalog. */
export const DEV_TOKEN_PRESETS: readonly { name: string; claims: TokenClaims }[] = [
  { name: 'exchange', claims: { sub: 'dev-exchange', role: 'exchange', catalog: CATALOG_ENTRIES } },
  { name: 'province JS', claims: { sub: 'dev-province-JS', role: 'province', province: 'JS' } },
  { name: 'app', claims: { sub: 'dev-app', role: 'app' } },
  { name: 'auditor', claims: { sub: 'dev-auditor', role: 'auditor' } },
];

/** How long a development token lasts: a working day and then some. */
export const DEV_TOKEN_TTL_SEC = 24 * 3600;
