import { GraphQLError } from 'graphql';
import { isRegistryError } from '../../schema/registry/errors';
import type { CatalogRegistry } from '../../schema/registry/catalog/catalog-registry';
import type { CatalogVersionRecord } from '../../schema/registry/catalog/types';
import { assertCanReadRegistry, type RegistryContext } from './access';
import { page, type PageArgs } from './paging';

type Resolver<A, R> = (_: unknown, args: A, context: RegistryContext) => Promise<R>;

function guarded<A, R>(resolve: (args: A) => Promise<R>): Resolver<A, R> {
  return (_, args, context) => {
    assertCanReadRegistry(context);
    return resolve(args);
  };
}

function notFoundAsUserError(error: unknown): never {
  if (isRegistryError(error, 'VERSION_NOT_FOUND')) throw new GraphQLError(error.message, { extensions: { code: 'VERSION_NOT_FOUND', ...error.facts } });
  throw error;
}

/** The sharing catalog's history for auditors (and the other roles the live catalog lets read the registry). */
export function catalogResolvers(catalog: CatalogRegistry) {
  const liveNumbers = new WeakMap<RegistryContext, Promise<number | null>>();
  const liveNumber = (context: RegistryContext) => {
    let number = liveNumbers.get(context);
    if (!number) liveNumbers.set(context, (number = catalog.liveVersion().then((v) => v?.number ?? null)));
    return number;
  };
  return {
    query: {
      catalogVersions: guarded(async (args: PageArgs) => page(await catalog.history(), (v) => v.number, 'catalog', args)),
      liveCatalogVersion: guarded(() => catalog.liveVersion()),
      catalogVersion: guarded(({ number }: { number: number }) => catalog.version(number)),
      catalogDiff: guarded(({ from, to }: { from: number; to: number }) => catalog.diff(from, to).catch(notFoundAsUserError)),
      verifyCatalogHistory: guarded(async () => {
        const { cause, ...verification } = await catalog.verify();
        return { ...verification, cause: cause?.toUpperCase() ?? null };
      }),
    },
    CatalogVersion: {
      live: async (version: CatalogVersionRecord, _: unknown, context: RegistryContext) => (await liveNumber(context)) === version.number,
      signature: (version: CatalogVersionRecord) => version.signature ?? null,
    },
  };
}
