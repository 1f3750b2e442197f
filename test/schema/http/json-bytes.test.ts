import { Buffer } from 'node:buffer';
import { jsonLineBytes } from '../../../schema/http/json-bytes';

/** The oracle: JSON.stringify and a newline, encoded. */
const expected = (value: object): Buffer => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

const sameAsStringify = (value: object): void => {
  const actual = jsonLineBytes(value);
  if (!actual.equals(expected(value))) throw new Error(`differs:\n${expected(value).toString('utf8')}\n${actual.toString('utf8')}`);
};

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('jsonLineBytes', () => {
  it.each([
    ['escapes in strings and keys', { 'a"b': 'quote " backslash \\ slash /', 'line\nbreak': '\u0000\u0001\u001f\u007f', tab: '\t\b\f\r' }],
    ['surrogates, alone and paired, and line separators', ['\ud800', 'x\udc00y', '😀', '\ud83d\ude00\ud83d', '\u2028\u2029', '长三角暴雨橙色预警']],
    ['numbers JSON writes as null or as written', [0, -0, 1.5, -1e-7, 1e21, 2 ** 53 + 2, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_VALUE, Number.MIN_VALUE]],
    ['values left out of objects and written null in lists', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('s')], e: 1 }],
    ['holes', [1, , 3, , ,]], // eslint-disable-line no-sparse-arrays
    ['boxed primitives, dates and class instances', { n: Object(7) as unknown, s: Object('boxed') as unknown, b: Object(false) as unknown, d: new Date(Date.UTC(2026, 11, 6)), p: new Point(1, 2), m: new Map([[1, 2]]) }],
    ['objects without a prototype, and __proto__ as an own key', (() => {
      const bare = Object.create(null) as Record<string, unknown>;
      bare.z = 1;
      bare['2'] = 'index-like keys first';
      Object.defineProperty(bare, '__proto__', { value: { own: true }, enumerable: true, configurable: true, writable: true });
      return { bare };
    })()],
    ['non-enumerable properties', Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false })],
    ['empty objects and lists', { o: {}, l: [], nested: [[], [{}]] }],
  ])('%s', (_label, value) => {
    sameAsStringify(value as object);
  });

  it('calls toJSON with the key the value is held under, once, and leaves out what it leaves out', () => {
    const keyed = { toJSON: (key: string) => `key:${key}` };
    const calls: string[] = [];
    const counted = {
      toJSON(key: string) {
        calls.push(key);
        return { again: { toJSON: () => 'inner toJSON is called for its own key' }, toJSON: () => 'never: toJSON is called once' };
      },
    };
    sameAsStringify({ a: keyed, list: [keyed, keyed], gone: { toJSON: () => undefined }, nulled: [{ toJSON: () => undefined }], counted });
    calls.length = 0;
    jsonLineBytes({ counted });
    expect(calls).toEqual(['counted']);
    sameAsStringify(keyed);
  });

  it('ignores enumerable properties inherited from Object.prototype', () => {
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = 'inherited';
    try {
      sameAsStringify({ own: 1, list: [{ a: 1 }] });
    } finally {
      delete prototype.polluted;
    }
  });

  it('throws as JSON.stringify does for a bigint and for a cycle', () => {
    expect(() => jsonLineBytes({ big: 10n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { again: cyclic };
    expect(() => jsonLineBytes(cyclic)).toThrow(/circular/i);
    expect(() => jsonLineBytes({ toJSON: () => undefined })).toThrow(TypeError);
  });

  it('writes values deeper than its walk goes, and larger than its kept buffer', () => {
    let deep: unknown = { leaf: '长' };
    for (let i = 0; i < 2_000; i++) deep = i % 2 ? [deep] : { d: deep };
    sameAsStringify(deep as object);
    const large = Array.from({ length: 60_000 }, (_, i) => ({ id: `w${i}`, headline: `长三角暴雨橙色预警：太湖流域 ${i} "引号"` }));
    const bytes = jsonLineBytes(large);
    expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(bytes.equals(expected(large))).toBe(true);
    sameAsStringify({ after: 'the large one' });
  });

  it('encodes a value whose toJSON encodes another', () => {
    const inner = { toJSON: () => jsonLineBytes({ inside: [1, 2] }).toString('utf8').trim() };
    sameAsStringify({ before: 'x', inner, after: ['y'] });
  });
});
