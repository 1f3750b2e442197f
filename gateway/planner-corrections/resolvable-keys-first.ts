import { Kind, parse, print, type DefinitionNode, type DirectiveNode } from 'graphql';
import type { GatewayConfig, SupergraphSdlHook } from '@apollo/gateway';

function unresolvableKey(directive: DirectiveNode): boolean {
  if (directive.name.value !== 'join__type') return false;
  const resolvable = directive.arguments?.find((a) => a.name.value === 'resolvable')?.value;
  return resolvable?.kind === Kind.BOOLEAN && !resolvable.value;
}

function reordered(definition: DefinitionNode): DefinitionNode {
  if (!('directives' in definition) || !definition.directives?.some(unresolvableKey)) return definition;
  const { directives } = definition;
  return { ...definition, directives: [...directives.filter((d) => !unresolvableKey(d)), ...directives.filter(unresolvableKey)] } as DefinitionNode;
}

/**
 * The supergraph with each type's `@join__type(…, resolvable: false)` keys after its resolvable
 * ones. Apollo's planner, going back to a subgraph for a @requires, takes the first key that
 * subgraph declares for the type, resolvable or not; a non-resolvable key there makes the
 * subgraph answer null for every entity. The order of keys means nothing else.
 */
export function resolvableKeysFirst(supergraphSdl: string): string {
  if (!supergraphSdl.includes('resolvable: false')) return supergraphSdl;
  const document = parse(supergraphSdl);
  return print({ ...document, definitions: document.definitions.map(reordered) });
}

function correctedHook(initialize: SupergraphSdlHook): SupergraphSdlHook {
  return async (options) => {
    const loaded = await initialize({ ...options, update: (sdl) => options.update(resolvableKeysFirst(sdl)) });
    return { ...loaded, supergraphSdl: resolvableKeysFirst(loaded.supergraphSdl) };
  };
}

/** The gateway's configuration with every supergraph it will load corrected by resolvableKeysFirst. */
export function withResolvableKeysFirst(config: GatewayConfig): GatewayConfig {
  if (!('supergraphSdl' in config)) return config;
  const source = config.supergraphSdl;
  if (typeof source === 'string') return { ...config, supergraphSdl: resolvableKeysFirst(source) };
  if (typeof source === 'function') return { ...config, supergraphSdl: correctedHook(source) };
  return { ...config, supergraphSdl: { initialize: correctedHook((options) => source.initialize(options)) } };
}
