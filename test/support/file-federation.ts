import { startFederation, type Federation, type FederationOptions } from './federation';
import { pullAll } from './paging';
import { EVERY_ENTRY } from './tokens';

/**
 * One federation for a test file, started before its tests and closed after them, as a caller
 * holding every catalog entry (for tests of data, not of rights) unless `options` say otherwise.
 * The value stands for the running federation once `beforeAll` has run.
 */
export function federationForFile(options: FederationOptions = {}): Federation {
  let running: Federation | null = null;
  beforeAll(async () => {
    running = await startFederation({ caller: EVERY_ENTRY, ...options });
  }, 60_000);
  afterAll(async () => {
    await running?.close();
  });
  return new Proxy({} as Federation, {
    get(_, key) {
      if (!running) throw new Error('the federation starts in beforeAll');
      return Reflect.get(running, key);
    },
  });
}

/** The ids of a connection pulled to its end with `filter` (of GraphQL input type `type`), in pages of `first`. */
export async function idsOf(fed: Federation, field: string, type: string, filter: unknown, first = 13): Promise<string[]> {
  const { nodes } = await pullAll<{ id: string }>(fed, field, 'id', { first, filter, argTypes: type });
  return nodes.map((n) => n.id);
}
