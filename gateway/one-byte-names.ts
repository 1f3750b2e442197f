import { Buffer } from 'node:buffer';
import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import { Kind, parse, visit } from 'graphql';

/**
 * The supergraph's names entered in V8's string table as one-byte strings before @apollo/gateway
 * reads the supergraph. Apollo's federation-internals prints the schema it loads and parses that
 * text again (`Schema.toAST`); the printed text is held two bytes per character (ASCII only, but
 * joined from a two-byte string), so every type and field name sliced from it is too, and V8 keeps
 * the first copy of a name it is given as a property key for every later one. Each subgraph
 * answer's keys then come out two-byte from JSON.parse, and so does the text of every answer
 * holding them: twice the bytes to build, copy and encode. A name entered here first is the copy
 * V8 keeps.
 */
const names: Record<string, true> = Object.create(null) as Record<string, true>;

/** Enters the names of `sdl` (types, fields, arguments, enum values, directives) as one-byte strings. */
export function enterOneByteNames(sdl: string): void {
  visit(parse(sdl, { noLocation: true }), {
    [Kind.NAME](node) {
      // GraphQL names are ASCII: as Latin-1 they read back as one-byte strings of the same text.
      names[Buffer.from(node.value, 'latin1').toString('latin1')] = true;
    },
  });
}

/** `source` with the names of every supergraph it gives entered first. */
export function withOneByteNames(source: string): string;
export function withOneByteNames(source: SupergraphSdlHook | SupergraphManager): SupergraphManager;
export function withOneByteNames(source: string | SupergraphSdlHook | SupergraphManager): string | SupergraphManager {
  if (typeof source === 'string') {
    enterOneByteNames(source);
    return source;
  }
  const initialize = typeof source === 'function' ? source : source.initialize.bind(source);
  const manager: SupergraphManager = {
    async initialize(options) {
      const given = await initialize({
        ...options,
        update: (sdl: string) => {
          enterOneByteNames(sdl);
          options.update(sdl);
        },
      });
      enterOneByteNames(given.supergraphSdl);
      return given;
    },
  };
  return manager;
}
