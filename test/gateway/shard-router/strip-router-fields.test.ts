import { stripRouterFields, type Json } from '../../../gateway/shard-router/json';

describe("removing the router's own keys from an answer", () => {
  it('removes every key with the prefix at any depth, in lists too, and keeps the others in their order', () => {
    const answer: Json = {
      _sr_t: 'Query',
      warnings: {
        _sr_n: 3,
        edges: [
          { _sr_k: [0, 1, 'a'], node: { id: 'a', _sr_t: 'Warning', headline: '大雾' }, _sr_c: 'c1' },
          { node: { id: 'b', headline: null }, _sr_k: [0, 2, 'b'] },
        ],
        totalCount: 3,
      },
      list: [[{ _sr_x: 1, y: 2 }], null, 'text', 4],
    };
    stripRouterFields(answer);
    expect(answer).toStrictEqual({
      warnings: { edges: [{ node: { id: 'a', headline: '大雾' } }, { node: { id: 'b', headline: null } }], totalCount: 3 },
      list: [[{ y: 2 }], null, 'text', 4],
    });
    expect(Object.keys((answer as { warnings: object }).warnings)).toEqual(['edges', 'totalCount']);
    expect(JSON.stringify(answer)).not.toContain('_sr_');
  });

  it('leaves values that are not objects as they are', () => {
    for (const value of [null, 'x', 1, true, undefined] as (Json | undefined)[]) expect(() => stripRouterFields(value)).not.toThrow();
  });
});
