import { DEV_TOKEN_PRESETS, DEV_TOKEN_TTL_SEC } from '../schema/tokens/dev-presets';
import { signToken } from '../schema/tokens/sign-token';
import { describeVisibility } from '../schema/tokens/visibility';
import { generateSecret, writeRunSecret } from './run-secret';

/** A development run: `npm start` without JWT_SECRET (and not in production). */
export interface DevRun {
  /** Set for every piece: the generated secret, loopback hosts, and GraphiQL's token presets for the gateway. */
  env: NodeJS.ProcessEnv;
  /** What `npm start` prints once the federation is ready. */
  banner: string;
}

const LOOPBACK = '127.0.0.1';

export async function startDevRun(options: { stateDir: string; issuer: string; audience: string }): Promise<DevRun> {
  const secret = generateSecret();
  const file = writeRunSecret(options.stateDir, secret);
  const tokens = await Promise.all(
    DEV_TOKEN_PRESETS.map(async (preset) => ({ ...preset, token: await signToken(preset.claims, { secret, issuer: options.issuer, audience: options.audience, expiresInSec: DEV_TOKEN_TTL_SEC }) })),
  );
  const banner = [
    `  Development tokens (JWT_SECRET was not set: this run generated one, kept in ${file} until Ctrl-C;`,
    '  every piece listens on 127.0.0.1 only). Send one as the Authorization header; GraphiQL\'s example tabs have them preset.',
    '  More: npm run token -- --role exchange --catalog HAZMAT_DETAIL,VEHICLE_TRACK   (or --role auditor, --role province --province JS, --role app)',
    '',
    ...tokens.flatMap(({ name, claims, token }) => [
      `  ${name}${claims.catalog?.length ? ` (catalog ${claims.catalog.join(', ')})` : ''}:`,
      ...describeVisibility(claims).map((line) => `    - ${line}`),
      `    Authorization: Bearer ${token}`,
      '',
    ]),
  ].join('\n');
  return {
    env: {
      JWT_SECRET: secret,
      JWT_ISSUER: options.issuer,
      JWT_AUDIENCE: options.audience,
      GRAPHIQL_TOKENS: tokens.map(({ name, token }) => `${name}=${token}`).join(';'),
      GATEWAY_HOST: LOOPBACK,
      HOST: LOOPBACK,
      SIM_HOST: LOOPBACK,
      REGISTRY_HOST: LOOPBACK,
    },
    banner,
  };
}
