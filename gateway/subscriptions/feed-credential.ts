import { SERVICE_TOKEN_LIFETIME_SEC, signServiceToken, type ServiceTokenKey } from '../../schema/service-token';

/** The Authorization the gateway reads the change feeds with; undefined where the deployment has no service secret. */
export type FeedCredential = () => Promise<string | undefined>;

/** The gateway's service token (schema/service-token.ts), signed again once a third of its life is left. */
export function feedCredential(key: ServiceTokenKey): FeedCredential {
  const { secret } = key;
  if (!secret) return async () => undefined;
  let current: { authorization: string; renewAt: number } | null = null;
  return async () => {
    if (!current || Date.now() >= current.renewAt) {
      current = { authorization: `Bearer ${await signServiceToken({ ...key, secret })}`, renewAt: Date.now() + (SERVICE_TOKEN_LIFETIME_SEC * 1000 * 2) / 3 };
    }
    return current.authorization;
  };
}
