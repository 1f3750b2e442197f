/**
 * Entity fetches whose sender takes one subgraph entity for every place that sent the same
 * representation. @apollo/gateway's executor writes into each place's entity before merging it
 * (its `__typename`, its output rewrites), so each place must have its own; the own plan executor
 * marks the fetches where it writes nothing into them (those without output rewrites), and
 * distinct-representations.ts hands every place of those the one entity instead of copies.
 */
const sharing = new WeakSet<object>();

/** Marks a fetch's request (`options.request`, passed on as it is by the data sources between). */
export function takesSharedEntities<R extends object>(request: R): R {
  sharing.add(request);
  return request;
}

export function sharesEntities(request: object): boolean {
  return sharing.has(request);
}
