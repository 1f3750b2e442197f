import { randomUUID } from 'node:crypto';
import { serialize } from 'node:v8';
import { ApolloGateway, type SupergraphManager } from '@apollo/gateway';
import { parse, visit, Kind } from 'graphql';
import { enterOneByteNames, withOneByteNames } from '../../gateway/one-byte-names';
import { benchmarkSupergraphSdl } from '../../bench/gateways-benchmark/supergraph-file';

/**
 * A name V8 has first been given as a property key in a two-byte copy stays two-byte for every
 * later use: JSON.parse hands it out as the key of every subgraph answer, and JSON.stringify then
 * writes whole answers two bytes per character. Each test uses names never seen before in this
 * process, so that the string table holds no copy of them yet.
 */

/** Whether V8 holds `s` one byte per character (its serializer says which form it writes). */
const oneByte = (s: string): boolean => serialize(s)[2] === 0x22;

/** The key JSON.parse gives for `name`: the copy V8's string table holds. */
const parsedKey = (name: string): string => Object.keys(JSON.parse(`{"${name}":1}`) as object)[0];

const fresh = (): string => `f${randomUUID().replace(/-/g, '')}`;

/** The same text held two bytes per character (sliced out of a string that needs two). */
const twoByte = (text: string): string => `长${text}`.slice(1);

/** Uses every name of `sdl` as a property key, as a schema's field maps do. */
function keyNames(sdl: string): void {
  const keys: Record<string, number> = {};
  visit(parse(sdl, { noLocation: true }), {
    [Kind.NAME](node) {
      keys[node.value] = 1;
    },
  });
}

describe('the supergraph names entered one byte per character', () => {
  it('would otherwise come out of JSON.parse two-byte after a two-byte copy of the schema is read', () => {
    const name = fresh();
    const sdl = twoByte(`type Query { ${name}: String }`);
    expect(oneByte(sdl)).toBe(false);
    keyNames(sdl);
    expect(oneByte(parsedKey(name))).toBe(false);
  });

  it.each([
    ['one-byte', (t: string) => t],
    ['two-byte', twoByte],
  ])('come out of JSON.parse one-byte when entered first from a %s text', (_label, form) => {
    const [field, type, argument] = [fresh(), fresh(), fresh()];
    const sdl = `type Query { ${field}(${argument}: Int): ${type} } type ${type} { id: ID }`;
    enterOneByteNames(form(sdl));
    keyNames(twoByte(sdl));
    for (const name of [field, type, argument]) expect(oneByte(parsedKey(name))).toBe(true);
  });

  it('are entered for the supergraphs a manager gives, first and later', async () => {
    const [first, later] = [fresh(), fresh()];
    let update: ((sdl: string) => void) | undefined;
    const updates: string[] = [];
    const manager: SupergraphManager = {
      async initialize(options) {
        update = options.update;
        return { supergraphSdl: twoByte(`type Query { ${first}: Int }`) };
      },
    };
    const given = await withOneByteNames(manager).initialize({ update: (sdl) => updates.push(sdl), healthCheck: async () => undefined, getDataSource: () => { throw new Error('not used'); } });
    keyNames(given.supergraphSdl);
    expect(oneByte(parsedKey(first))).toBe(true);
    const next = twoByte(`type Query { ${later}: Int }`);
    update?.(next);
    expect(updates).toEqual([next]);
    keyNames(next);
    expect(oneByte(parsedKey(later))).toBe(true);
  });

  it('keep @apollo/gateway from entering them two-byte as it loads a supergraph', async () => {
    const load = async (wrap: boolean): Promise<string> => {
      const name = fresh();
      // Held two bytes per character, as federation-internals' printed schema is in the gateway's process (whether
      // its print comes out so depends on what the process holds already, so it is not left to chance here).
      const sdl = twoByte(benchmarkSupergraphSdl(() => 'http://127.0.0.1:9/graphql').replace(/\btopProducts\b/g, name));
      const gateway = new ApolloGateway({ supergraphSdl: wrap ? withOneByteNames(sdl) : sdl });
      await gateway.load();
      await gateway.stop();
      return parsedKey(name);
    };
    // Without: the names Apollo slices from that text are the copies V8 keeps.
    expect(oneByte(await load(false))).toBe(false);
    expect(oneByte(await load(true))).toBe(true);
  });
});
