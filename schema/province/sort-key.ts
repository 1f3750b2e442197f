import { GraphQLScalarType } from 'graphql';
import { isSortKey, type SortKey } from '../cursor';

/**
 * An edge's position in its connection's documented order (schema/orders.ts), as a JSON list: what
 * the edge's cursor encodes, without its encoding. The shard router merges provinces' pages by it
 * and asks for cursors only where its client asks for one. Served only; hidden from clients.
 */
export const SortKeyScalar = new GraphQLScalarType<SortKey, SortKey>({
  name: 'SortKey',
  description: "An edge's position in its connection's order, for the gateway's shard router (not part of the public API).\n边在其连接排序中的位置，供网关分片路由使用（不属于公开接口）。",
  serialize(value: unknown): SortKey {
    if (!isSortKey(value)) throw new TypeError(`SortKey cannot represent ${JSON.stringify(value)}`);
    return value;
  },
  parseValue() {
    throw new TypeError('SortKey is an output type');
  },
  parseLiteral() {
    throw new TypeError('SortKey is an output type');
  },
  extensions: { directives: { inaccessible: {} } },
});
