import type { Rng } from './prng';

/**
 * Unified social credit codes (GB 32100-2015): registration department and type (2), registering
 * authority adcode (6), organisation code (9, GB 11714 with its own check digit), check character (1).
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character for the first 17. */
export function creditCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`credit code body must be 17 characters: "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new Error(`character "${first17[i]}" is not in the credit code alphabet`);
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCheckChar(code.slice(0, 17)) === code[17];
}

/** Characters 3–8: the adcode of the registering authority. */
export function creditCodeAuthority(code: string): string {
  return code.slice(2, 8);
}

/** A copy of a valid code whose check character is wrong (for defective records). */
export function corruptCreditCode(code: string): string {
  const i = ALPHABET.indexOf(code[17]);
  return code.slice(0, 17) + ALPHABET[(i + 7) % 31];
}

/** Registration department and organisation type (the first two characters). */
export type CreditCodeKind = 'enterprise' | 'public-institution' | 'social-organisation';

const KIND_PREFIX: Record<CreditCodeKind, string> = {
  enterprise: '91',
  'public-institution': '12',
  'social-organisation': '52',
};

function orgCode(rng: Rng): string {
  const body = rng.digits(8);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * ORG_CODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

export function makeCreditCode(rng: Rng, authorityAdcode: string, kind: CreditCodeKind): string {
  if (!/^\d{6}$/.test(authorityAdcode)) throw new Error(`registering authority must be an adcode: "${authorityAdcode}"`);
  const first17 = KIND_PREFIX[kind] + authorityAdcode + orgCode(rng);
  return first17 + creditCheckChar(first17);
}

/** Hands out credit codes that are unique across the whole data set. */
export class CreditCodeRegistry {
  private readonly used = new Set<string>();

  issue(rng: Rng, authorityAdcode: string, kind: CreditCodeKind): string {
    for (;;) {
      const code = makeCreditCode(rng, authorityAdcode, kind);
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }

  reserve(code: string): void {
    this.used.add(code);
  }
}
