import { setFlagsFromString } from 'node:v8';
import { stripRouterFields, type Json, type JsonObject } from '../../../gateway/shard-router/json';

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

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

  it('replaces an object that held a router key by a copy with fast properties, and keeps every other object', () => {
    const answer = JSON.parse('{"waybills":{"edges":[{"node":{"id":"w1","destination":{"enterprise":{"_sr_t":"HazmatEnterprise","id":"e1","name":"某化工"}}}}]}}') as JsonObject;
    const edge = ((answer.waybills as JsonObject).edges as JsonObject[])[0];
    const destination = (edge.node as JsonObject).destination as JsonObject;
    const enterprise = destination.enterprise as JsonObject;
    stripRouterFields(answer);
    expect(((answer.waybills as JsonObject).edges as JsonObject[])[0]).toBe(edge);
    expect((edge.node as JsonObject).destination).toBe(destination);
    expect(destination.enterprise).not.toBe(enterprise);
    expect(destination.enterprise).toStrictEqual({ id: 'e1', name: '某化工' });
    expect(Object.keys(destination.enterprise as JsonObject)).toEqual(['id', 'name']);
    expect(hasFastProperties(destination.enterprise as JsonObject)).toBe(true);
    // Deleting the first key instead leaves a dictionary (what the copy avoids).
    const deleted = JSON.parse('{"_sr_t":"HazmatEnterprise","id":"e1","name":"某化工"}') as JsonObject;
    delete deleted._sr_t;
    expect(hasFastProperties(deleted)).toBe(false);
  });

  it('leaves values that are not objects as they are', () => {
    for (const value of [null, 'x', 1, true, undefined] as (Json | undefined)[]) expect(() => stripRouterFields(value)).not.toThrow();
  });
});
