import crypto from 'node:crypto';
import { CursorError, decodeComposite, encodeComposite, fingerprintArgs, startPosition, type CompositePosition } from '../../../gateway/shard-router/composite-cursor';

const encoded = (body: unknown): string => Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
const fingerprint = fingerprintArgs({ filter: { provinces: ['SH', 'JS'] } });

describe('composite cursor', () => {
  it.each<[string, CompositePosition['positions']]>([
    ['no province taken yet', {}],
    ['one position per province', { SH: 'c-sh', JS: 'c-js', ZJ: 'c-zj', AH: 'c-ah' }],
    ['some provinces only', { JS: 'c-js' }],
  ])('decodes what it encodes: %s', (_, positions) => {
    const position: CompositePosition = { field: 'warnings', fingerprint, positions };
    expect(decodeComposite(encodeComposite(position), 'warnings', fingerprint)).toEqual(position);
  });

  it('starts a page without hashing its arguments, and binds the cursors built from it as before', () => {
    const args = { first: 20, filter: { provinces: ['SH', 'JS'] } };
    const hash = jest.spyOn(crypto, 'createHash');
    try {
      const start = startPosition('warnings', args);
      expect(start).toMatchObject({ field: 'warnings', positions: {} });
      expect(hash).not.toHaveBeenCalled();
      const cursor = encodeComposite({ ...start, positions: { SH: 'c-sh' } });
      expect(start.fingerprint).toBe(fingerprint);
      expect(hash).toHaveBeenCalledTimes(1);
      expect(decodeComposite(cursor, 'warnings', fingerprint)).toEqual({ field: 'warnings', fingerprint, positions: { SH: 'c-sh' } });
    } finally {
      hash.mockRestore();
    }
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, boolean]>([
    ['ignores first and after', { first: 5, after: 'x', filter: { level: 'RED' } }, { first: 50, filter: { level: 'RED' } }, true],
    ['ignores the order of keys', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }, true],
    ['ignores undefined arguments', { a: 1, b: undefined }, { a: 1 }, true],
    ['tells filters apart', { filter: { level: 'RED' } }, { filter: { level: 'BLUE' } }, false],
    ['tells list order apart', { filter: { provinces: ['SH', 'JS'] } }, { filter: { provinces: ['JS', 'SH'] } }, false],
  ])('fingerprint of the arguments %s', (_, a, b, same) => {
    expect(fingerprintArgs(a) === fingerprintArgs(b)).toBe(same);
  });

  it.each<[string, string, string]>([
    ['not base64 JSON', '%%%not-a-cursor', 'is not a cursor of this gateway'],
    ['JSON but not an object', encoded(42), 'is not a cursor of this gateway'],
    ['another version', encoded({ v: 2, f: 'warnings', h: fingerprint, p: {} }), 'is not a cursor of this gateway'],
    ['positions not an object', encoded({ v: 1, f: 'warnings', h: fingerprint, p: ['SH'] }), 'is not a cursor of this gateway'],
    ['a province outside the region', encoded({ v: 1, f: 'warnings', h: fingerprint, p: { HB: 'c' } }), 'is not a cursor of this gateway'],
    ['a position that is not a string', encoded({ v: 1, f: 'warnings', h: fingerprint, p: { SH: 3 } }), 'is not a cursor of this gateway'],
    ['of another field', encoded({ v: 1, f: 'waybills', h: fingerprint, p: {} }), 'belongs to another query'],
    ['of another filter', encoded({ v: 1, f: 'warnings', h: 'other', p: {} }), 'belongs to another query'],
  ])('refuses a cursor %s with BAD_USER_INPUT', (_, cursor, message) => {
    let thrown: unknown;
    try {
      decodeComposite(cursor, 'warnings', fingerprint);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CursorError);
    expect((thrown as CursorError).code).toBe('BAD_USER_INPUT');
    expect((thrown as CursorError).message).toContain(message);
  });
});
