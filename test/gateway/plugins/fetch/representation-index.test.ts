import { RepresentationIndex } from '../../../../gateway/plugins/fetch/representation-index';
import { prng } from '../../../support/prng';

/** Numbers each representation, one number per distinct JSON text, in the order first seen. */

const numbered = (representations: readonly unknown[]): number[] => {
  const index = new RepresentationIndex();
  return representations.map((r) => index.indexOf(r));
};

/** The same numbering by JSON text, as the gateway did before (and as the definition of "the same"). */
const numberedByText = (representations: readonly unknown[]): number[] => {
  const seen = new Map<string, number>();
  return representations.map((r) => {
    const text = JSON.stringify(r);
    if (!seen.has(text)) seen.set(text, seen.size);
    return seen.get(text) as number;
  });
};

describe('RepresentationIndex', () => {
  it('numbers representations in the order first seen, one number each', () => {
    const reps = [{ __typename: 'P', upc: '1' }, { __typename: 'P', upc: '2' }, { __typename: 'P', upc: '1' }, { __typename: 'U', id: '1' }];
    const index = new RepresentationIndex();
    expect(reps.map((r) => index.indexOf(r))).toEqual([0, 1, 0, 2]);
    expect(index.size).toBe(3);
  });

  it('tells apart what JSON tells apart: types of a value, key order, a null from a missing key, another typename', () => {
    expect(numbered([
      { __typename: 'P', upc: '1' },
      { __typename: 'P', upc: 1 },
      { upc: '1', __typename: 'P' },
      { __typename: 'P', upc: '1', price: null },
      { __typename: 'P', upc: '1', price: 0 },
      { __typename: 'P', upc: '1', price: false },
      { __typename: 'P', upc: '1', price: '' },
      { __typename: 'Q', upc: '1' },
      { __typename: 'P' },
      {},
      { __typename: 'P', upc: '1' },
      {},
    ])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 9]);
  });

  it('gives representations with nested keys or lists one number when their JSON texts are equal', () => {
    expect(numbered([
      { __typename: 'S', key: { a: 1, b: ['x'] } },
      { __typename: 'S', key: { a: 1, b: ['x'] } },
      { __typename: 'S', key: { b: ['x'], a: 1 } },
      { __typename: 'S', key: { a: 1, b: ['y'] } },
      [1, 2],
      [1, 2],
      null,
      null,
      '{"__typename":"P"}',
      { __typename: 'P' },
    ])).toEqual([0, 0, 1, 2, 3, 3, 4, 4, 5, 6]);
  });

  it('walks representations built without a prototype, as the executor builds them, like plain objects', () => {
    const bare = (fields: Record<string, unknown>): unknown => Object.assign(Object.create(null) as object, fields);
    const index = new RepresentationIndex();
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect([bare({ __typename: 'P', upc: '1' }), { __typename: 'P', upc: '1' }, bare({ __typename: 'P', upc: '2' })].map((r) => index.indexOf(r))).toEqual([0, 0, 1]);
      // Flat ones are told apart by their values, without a text.
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
    // Arrays and other objects go by their JSON text.
    expect([[1], [1], new Date(0), new Date(0)].map((r) => index.indexOf(r))).toEqual([2, 2, 3, 3]);
  });

  it('counts 0 and -0 as one, as their JSON texts are one', () => {
    expect(numbered([{ n: 0 }, { n: -0 }])).toEqual([0, 0]);
  });

  it('keeps apart, never merges, the only texts it does not compare: an undefined value or a non-finite number', () => {
    expect(numbered([{ n: null }, { n: Number.NaN }, { n: Number.NaN }])).toEqual([0, 1, 1]);
    expect(numbered([{ a: 1 }, { a: 1, b: undefined }])).toEqual([0, 1]);
  });

  it('numbers 2,000 random representations exactly as their JSON texts do (seeded)', () => {
    const random = prng(2026_12_05);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const scalar = (): unknown => pick<unknown>(['1', 1, 1.5, true, null, '', '中']);
    const value = (depth: number): unknown => (depth < 2 && random() < 0.1 ? (random() < 0.5 ? [value(depth + 1)] : object(depth + 1)) : scalar());
    const object = (depth: number): Record<string, unknown> => {
      const keys = ['__typename', 'id', 'price'].filter(() => random() < 0.7);
      if (random() < 0.3) keys.reverse();
      return Object.fromEntries(keys.map((k) => [k, k === '__typename' ? pick(['P', 'U']) : value(depth)]));
    };
    const reps = Array.from({ length: 2000 }, () => object(0));
    const byText = numberedByText(reps);
    expect(new Set(byText).size).toBeLessThan(reps.length / 2);
    expect(numbered(reps)).toEqual(byText);
  });
});
