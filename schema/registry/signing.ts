import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { RegistryError } from './errors';

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Signs and checks the heads of the histories (Ed25519, signatures in base64). */
export interface HeadSigner {
  /** The public key, SPKI PEM, for anyone who verifies. */
  publicKeyPem: string;
  sign(hash: string): string;
  verify(hash: string, signature: string): boolean;
}

/** A signer from REGISTRY_SIGNING_KEY: the key's 32-byte seed in base64, or a PKCS#8 PEM. */
export function headSigner(key: string): HeadSigner {
  let privateKey: KeyObject;
  try {
    privateKey = key.includes('-----BEGIN')
      ? createPrivateKey(key)
      : createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(key, 'base64')]), format: 'der', type: 'pkcs8' });
  } catch {
    throw new RegistryError('INVALID_INPUT', 'REGISTRY_SIGNING_KEY is neither a base64 Ed25519 seed nor a PKCS#8 PEM');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new RegistryError('INVALID_INPUT', 'REGISTRY_SIGNING_KEY is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    sign: (hash) => sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64'),
    verify: (hash, signature) => {
      try {
        return verify(null, Buffer.from(hash, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
