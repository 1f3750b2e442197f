import type { RescueBaseRecord } from '../../schema/model';
import type { SortKey } from '../../schema/cursor';
import type { BaseIndex } from './copy/indexes';
import { organisationKey, organisations, type Organisation } from './organisations';
import { pageInOrder, paginate, type InOrder, type Page } from './paging';
import type { Snapshot } from './replica';
import { byText } from '../../schema/orders';

export type OrganisationPage = Page<Organisation> & { creditCodes: string[] };

export interface ResourceViewAsk {
  first: number;
  after: SortKey | null;
  /** Only organisations any of whose bases changed at or after this time (ms). */
  since: number | null;
  /** Only the organisations with these keys. */
  keys: ReadonlySet<string> | null;
}

type Bases = Snapshot<RescueBaseRecord, BaseIndex>;

/** The credit codes of all organisations, each where its first base (by id) stands: kept per contents of the copy. */
const codesOf = new WeakMap<object, readonly string[]>();

function allCreditCodes(snapshot: Bases): readonly string[] {
  let codes = codesOf.get(snapshot.contents);
  if (codes === undefined) {
    const seen = new Set<string>();
    const found: string[] = [];
    for (const b of snapshot.records) {
      const key = organisationKey(b);
      if (seen.has(key)) continue;
      seen.add(key);
      if (b.creditCode !== null) found.push(b.creditCode);
    }
    codes = found;
    codesOf.set(snapshot.contents, codes);
  }
  return codes;
}

/** The keys of the organisations asked for, null for all: by key (each a lookup), else by time (one pass over the bases). */
function matchingKeys(snapshot: Bases, ask: ResourceViewAsk): ReadonlySet<string> | null {
  const { since, keys } = ask;
  const changed = (b: RescueBaseRecord): boolean => since === null || Date.parse(b.updatedAt) >= since;
  if (keys !== null) return new Set([...keys].filter((k) => snapshot.index.byOrganisation.get(k).some(changed)));
  if (since === null) return null;
  const found = new Set<string>();
  for (const b of snapshot.records) if (changed(b)) found.add(organisationKey(b));
  return found;
}

/** The page as grouping and sorting every organisation answers it: the answer the index must give, and the one for a cursor whose key is not a string. */
export function sortedResourceViewPage(snapshot: Bases, ask: ResourceViewAsk): OrganisationPage {
  const { since, keys } = ask;
  const matching = organisations(snapshot.records.map(snapshot.serve)).filter(
    (o) => (keys === null || keys.has(o.key)) && (since === null || o.bases.some((b) => Date.parse(b.updatedAt) >= since)),
  );
  const page = paginate(
    matching.map((o) => ({ node: o, key: [o.key] })),
    'resourceView',
    ask.first,
    ask.after,
    snapshot.syncedAt,
  );
  return { ...page, creditCodes: matching.flatMap((o) => (o.creditCode ? [o.creditCode] : [])) };
}

/**
 * The resource view's page over one province's bases, the same as sortedResourceViewPage without
 * grouping or sorting every organisation: the organisations in key order from the copy's index by
 * organisation (only the page's are built), the count from the index or the matches, and the
 * credit codes of every matching organisation in the order of their first base (kept per copy,
 * filtered by the matches).
 */
export function resourceViewPage(snapshot: Bases, ask: ResourceViewAsk): OrganisationPage {
  const part = ask.after === null ? null : ask.after[0];
  if (ask.after !== null && typeof part !== 'string') return sortedResourceViewPage(snapshot, ask);
  const after = typeof part === 'string' ? part : null;
  const groups = snapshot.index.byOrganisation;
  const matching = matchingKeys(snapshot, ask);
  const size = matching === null ? groups.size : matching.size;
  const view: InOrder<Organisation, never> = {
    size,
    count: () => size,
    inOrder: () =>
      (function* () {
        if (matching === null) {
          for (const [, members] of groups.groupsAfter(after)) yield organisations(members)[0];
          return;
        }
        const keys = [...matching].filter((k) => after === null || k > after).sort(byText);
        for (const k of keys) yield organisations(groups.get(k))[0];
      })(),
  };
  const page = pageInOrder(view, (o) => [o.key], ask.first, ask.after, snapshot.syncedAt) as Page<Organisation>;
  const codes = allCreditCodes(snapshot);
  const creditCodes = matching === null ? [...codes] : codes.filter((c) => matching.has(c));
  return { ...page, creditCodes };
}
