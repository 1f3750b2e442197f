import { ConfigError } from '../schema/config/read-variables';
import { signToken } from '../schema/tokens/sign-token';
import { describeVisibility } from '../schema/tokens/visibility';
import { TOKEN_USAGE, TokenArgumentError, parseTokenArgs } from './token-args';
import { loadTokenConfig } from './token-config';

/**
 * `npm run token -- --role exchange --catalog HAZMAT_DETAIL,VEHICLE_TRACK`: a development token
 * for the running configuration. The token alone goes to stdout (for `$(…)`); what it may see, to stderr.
 */
async function main(): Promise<void> {
  const request = parseTokenArgs(process.argv.slice(2));
  const config = loadTokenConfig(process.env);
  const token = await signToken(request.claims, { secret: config.secret, issuer: config.issuer, audience: config.audience, expiresInSec: request.expiresInSec });
  process.stderr.write(`signed with ${config.source} (iss ${config.issuer}, aud ${config.audience}); expires in ${request.expiresInSec} s; this token sees:\n${describeVisibility(request.claims).map((l) => `  - ${l}\n`).join('')}`);
  process.stdout.write(`${token}\n`);
}

main().catch((e: unknown) => {
  const code = e instanceof ConfigError || e instanceof TokenArgumentError ? e.code : 'INTERNAL_ERROR';
  process.stderr.write(`npm run token: ${code}: ${e instanceof Error ? e.message : String(e)}\n${e instanceof TokenArgumentError ? `${TOKEN_USAGE}\n` : ''}`);
  process.exit(2);
});
