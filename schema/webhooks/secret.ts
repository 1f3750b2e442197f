import { randomBytes } from 'node:crypto';
import { WebhookError } from './errors';

const WHSEC = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A secret given by an operator, checked to be in its whsec_ form with at least 24 bytes. */
export function checkedSecret(secret: string): string {
  if (!WHSEC.test(secret) || Buffer.from(secret.slice(6), 'base64').length < 24) {
    throw new WebhookError('WEBHOOK_INVALID', 'the secret must be `whsec_` followed by at least 24 bytes in base64 (leave it out to have one made)', { argument: 'secret' });
  }
  return secret;
}
