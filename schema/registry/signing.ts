import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { RegistryError } from './errors';

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Signs and checks the heads of the histories (Ed25519, signatures in base64). */
export interface HeadSigner {
  /** The public key, SPKI PEM, for anyone who verifies. */
  publicKeyPem: string;
  /** sha256 of the public key's SPKI DER, hex. */
  fingerprint: string;
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
    fingerprint: createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex'),
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

/** A link of a hash chain (a schema or catalog version, an access record): its hash and, when signed, the signature over it. */
export interface SignedLink {
  hash: string;
  signature?: string | null;
}

/** The signature of a chain's new head, or null where the deployment has no key. */
export function signHead(signer: HeadSigner | null, head: { hash: string }): string | null {
  return signer ? signer.sign(head.hash) : null;
}

/** Without a key every link passes; with it, a signature a link carries must match. */
export function linkSignatureHolds(signer: HeadSigner | null, link: SignedLink): boolean {
  return !signer || link.signature === undefined || link.signature === null || signer.verify(link.hash, link.signature);
}

/**
 * With a key the newest link must carry a matching signature: since each hash covers its
 * predecessor's, that signature covers the whole chain, and a chain rewritten with fresh hashes
 * fails here, its rewriter lacking the key.
 */
export function headSignatureHolds(signer: HeadSigner | null, head: SignedLink | null): boolean {
  return !signer || !head || (typeof head.signature === 'string' && signer.verify(head.hash, head.signature));
}

/** The position (0-based) of the first link whose signature fails, or of the head when it is unsigned; null when all hold. */
export function firstBadSignature(signer: HeadSigner | null, chain: readonly SignedLink[]): number | null {
  const bad = chain.findIndex((link) => !linkSignatureHolds(signer, link));
  if (bad >= 0) return bad;
  return headSignatureHolds(signer, chain[chain.length - 1] ?? null) ? null : chain.length - 1;
}
