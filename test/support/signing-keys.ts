import { generateKeyPairSync } from 'node:crypto';

/** A fresh Ed25519 key as REGISTRY_SIGNING_KEY takes it: the 32-byte seed in base64. */
export function newSigningSeed(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16).toString('base64');
}
