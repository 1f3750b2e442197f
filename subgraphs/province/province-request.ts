import DataLoader from 'dataloader';
import { GraphQLError, Kind, responsePathAsArray, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import { toBeijingIso } from '../../adapters/kit/beijing-time';
import { ProvinceUnavailableError, type LegacyDataIssue } from '../../adapters/kit/errors';
import type { Collection, CollectionRecord, Mapped } from '../../adapters/kit/province-adapter';
import { copiedAtOf } from '../../schema/cursor';
import { parseGlobalId, type HazmatEnterpriseRecord, type ProvinceCode, type TrackPointRecord, type WarningRecord } from '../../schema/model';
import type { ReadResult } from '../../adapters/kit/cache/read-through';
import type { IndexOf, ProvinceData } from './province-data';
import { TYPE_OF_COLLECTION } from './removed-records';
import type { Served, Snapshot } from './replica';
import { activeChangesAfter, isActiveAt } from './warning-status';
import { ErrorCodes, isProvinceFailure } from '../../schema/error-codes';
import { newTally, type AccessTally } from '../../schema/access-log/tally';

type AnyRecord = CollectionRecord[Collection];
type Fetched = Served<AnyRecord> | LegacyDataIssue | null;

function isIssue(value: Fetched | AnyRecord): value is LegacyDataIssue {
  return value !== null && (value as LegacyDataIssue).code === ErrorCodes.LEGACY_DATA_INVALID && !('provenance' in value);
}

/** Legacy endpoint → calls made while answering one request. */
export type LegacyCalls = Record<string, number>;

/**
 * One GraphQL request to the province subgraph: its view of the replicas, its DataLoaders for
 * keyed reads and tracks, the errors that accompany data (stale copies, invalid records read by
 * key) and the legacy calls it made. This is the resolvers' context.
 */
export class ProvinceRequest {
  /** "Now" for everything this request computes (active warnings). */
  readonly now: Date;
  readonly notices: GraphQLFormattedError[] = [];
  /** The authenticated caller's province, when there is one (set by authentication); mutual aid holds `fromProvince` to it. */
  callerProvince: ProvinceCode | null = null;
  /** What the catalog guard released and refused, reported in `extensions.catalogAccess` for the access log. */
  readonly catalogAccess: AccessTally = newTally();
  private readonly noticed = new Set<string>();
  private readonly getLoaders = new Map<Collection, DataLoader<string, Fetched>>();
  private readonly trackLoader: DataLoader<string, ReadResult<Mapped<TrackPointRecord>>>;
  /** Why a keyed read answered from a stale copy, by "<collection>:<source id>". */
  private readonly staleReads = new Map<string, ProvinceUnavailableError>();
  /** Until when (the subgraph's clock, ms) the answer is what this request would answer again. */
  private validUntil = Number.POSITIVE_INFINITY;

  constructor(
    readonly data: ProvinceData,
    readonly legacyCalls: LegacyCalls = {},
  ) {
    this.now = data.clock.now();
    this.trackLoader = new DataLoader<string, ReadResult<Mapped<TrackPointRecord>>>(async (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const [plate, from, to] = key.split('\u0000');
          try {
            return await this.data.reads.track(plate, new Date(from), new Date(to));
          } catch (e) {
            return this.asGraphQLError(e);
          }
        }),
      ),
    );
  }

  get province(): ProvinceCode {
    return this.data.province;
  }

  /**
   * The answer holds until `t` at the latest: a copy it read stops being fresh then, or time changes
   * what a field answers. 0: it must not be reused at all.
   */
  answerValidUntil(t: number): void {
    if (t < this.validUntil) this.validUntil = t;
  }

  /** Whether the warning is in force at this request's now; the answer holds until that may change. */
  isActiveNow(warning: WarningRecord, referrers: readonly WarningRecord[]): boolean {
    this.answerValidUntil(activeChangesAfter(warning, referrers, this.now));
    return isActiveAt(warning, referrers, this.now);
  }

  /** How long from now the answer may be reused (ms), for its Cache-Control. */
  answerValidForMs(): number {
    return Math.max(0, this.validUntil - this.data.clock.now().getTime());
  }

  /**
   * The collection's replica for a field that reads all of it; fails the field when there is no copy.
   * Records that cannot be mapped are not errors here: nobody asked for them by key (connections
   * list them in invalidRecords, dataQuality counts them).
   */
  async scan<C extends Collection>(collection: C, info: GraphQLResolveInfo): Promise<Snapshot<CollectionRecord[C], IndexOf[C]>> {
    const after = afterCursorOf(info);
    return this.keyed(collection, info, after === null ? null : copiedAtOf(after));
  }

  /**
   * The collection's replica for a field that looks records up by key: only staleness is reported.
   * `continuing`: for a page after the first, when the copy that served the pull's pages was synced.
   */
  async keyed<C extends Collection>(collection: C, info: GraphQLResolveInfo, continuing: number | null = null): Promise<Snapshot<CollectionRecord[C], IndexOf[C]>> {
    let snapshot: Snapshot<CollectionRecord[C], IndexOf[C]>;
    try {
      snapshot = await this.data.replicas[collection].read(continuing);
    } catch (e) {
      throw this.asGraphQLError(e);
    }
    this.noteStale(collection, snapshot, info);
    this.answerValidUntil(snapshot.freshUntil);
    return snapshot;
  }

  /** As scan, but a province that cannot answer is reported at the field and answers null. */
  async scanOrReport<C extends Collection>(collection: C, info: GraphQLResolveInfo): Promise<Snapshot<CollectionRecord[C], IndexOf[C]> | null> {
    try {
      return await this.scan(collection, info);
    } catch (e) {
      if (!(e instanceof GraphQLError) || !isProvinceFailure(e.extensions.code)) throw e;
      this.note(`unavailable:${collection}:${pathKey(info)}`, { message: e.message, path: responsePathAsArray(info.path), extensions: e.extensions });
      return null;
    }
  }

  /**
   * A record by global id: from the replica, else (an id the copy does not know) by the system's
   * batch read, batched and de-duplicated for the whole request. A record that cannot be mapped is
   * null with LEGACY_DATA_INVALID at `invalidAt` (default the field's path); a record the copy
   * removed answers null without a call until it comes back.
   */
  async byId<C extends Collection>(collection: C, id: string, info: GraphQLResolveInfo, invalidAt?: readonly (string | number)[]): Promise<Served<CollectionRecord[C]> | null> {
    const parsed = parseGlobalId(id);
    if (!parsed || parsed.province !== this.province || parsed.type !== TYPE_OF_COLLECTION[collection]) return null;
    let snapshot: Snapshot<CollectionRecord[C], IndexOf[C]> | null = null;
    try {
      snapshot = await this.data.replicas[collection].read();
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError)) throw e;
    }
    if (snapshot) {
      this.noteStale(collection, snapshot, info);
      this.answerValidUntil(snapshot.freshUntil);
      const hit = snapshot.byId.get(id);
      if (hit) return hit;
      const issue = snapshot.invalid.get(parsed.sourceId);
      if (issue) {
        this.noteInvalid(issue, info, invalidAt);
        return null;
      }
      if (await this.data.removed.has(id)) return null;
    }
    const fetched = await this.getLoader(collection).load(parsed.sourceId);
    const staleBecause = this.staleReads.get(`${collection}:${parsed.sourceId}`);
    if (staleBecause) this.noteStale(collection, { failure: staleBecause }, info);
    if (isIssue(fetched)) {
      this.noteInvalid(fetched, info, invalidAt);
      return null;
    }
    return fetched as Served<CollectionRecord[C]> | null;
  }

  /**
   * An enterprise by credit code, from the copy. One the system holds but cannot map is null with
   * LEGACY_DATA_INVALID at `invalidAt` (default the field's path), as a record read by id is.
   */
  async enterpriseByCreditCode(creditCode: string, info: GraphQLResolveInfo, invalidAt?: readonly (string | number)[]): Promise<Served<HazmatEnterpriseRecord> | null> {
    const code = creditCode.trim().toUpperCase();
    const snapshot = await this.keyed('enterprises', info);
    const hit = snapshot.index.byCreditCode.get(code);
    if (hit) return hit;
    const issue = [...snapshot.invalid.values()].find((i) => i.creditCode === code);
    if (issue) this.noteInvalid(issue, info, invalidAt);
    return null;
  }

  /** This province's positions of a vehicle in [from, to], by time; points that cannot be mapped are left out. */
  async track(plate: string, from: Date, to: Date, info: GraphQLResolveInfo): Promise<TrackPointRecord[]> {
    const read = await this.trackLoader.load([plate, from.toISOString(), to.toISOString()].join('\u0000'));
    if (read.staleBecause) this.noteStale('tracks', { failure: read.staleBecause }, info);
    this.answerValidUntil(read.freshUntil);
    return [...read.value.records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  /** The error a field fails with when the system cannot answer: `{ code, province }`. */
  asGraphQLError(e: unknown): GraphQLError {
    if (e instanceof GraphQLError) return e;
    if (e instanceof ProvinceUnavailableError) {
      this.answerValidUntil(0);
      return new GraphQLError(`${this.province} system unavailable: ${e.message}`, { extensions: { code: e.code, province: this.province } });
    }
    throw e;
  }

  private getLoader(collection: Collection): DataLoader<string, Fetched> {
    let loader = this.getLoaders.get(collection);
    if (!loader) {
      loader = new DataLoader<string, Fetched>(async (sourceIds) => {
        const reads = await this.data.reads.get(collection, sourceIds);
        return reads.map((read, i): Fetched | GraphQLError => {
          if (!read.ok) return this.asGraphQLError(read.error);
          const answer = read.answer as AnyRecord | LegacyDataIssue | null;
          if (answer === null || isIssue(answer)) return answer;
          if (read.staleBecause) this.staleReads.set(`${collection}:${sourceIds[i]}`, read.staleBecause);
          this.answerValidUntil(read.freshUntil);
          const provenance = { province: this.province, system: this.data.adapter.system, sourceId: answer.sourceId, fetchedAt: toBeijingIso(new Date(read.storedAt)), stale: read.staleBecause !== null };
          return { ...answer, provenance };
        });
      });
      this.getLoaders.set(collection, loader);
    }
    return loader;
  }

  private noteStale(collection: Collection | 'tracks', snapshot: { failure: ProvinceUnavailableError | null }, info: GraphQLResolveInfo): void {
    const failure = snapshot.failure;
    if (!failure) return;
    this.answerValidUntil(0);
    this.note(`stale:${collection}:${pathKey(info)}`, {
      message: `${this.province} system unavailable (${failure.message}); serving the copy of ${collection} from the last successful sync`,
      path: responsePathAsArray(info.path),
      extensions: { code: failure.code, province: this.province, stale: true },
    });
  }

  private noteInvalid(issue: LegacyDataIssue, info: GraphQLResolveInfo, at?: readonly (string | number)[]): void {
    this.note(`invalid:${issue.sourceId}:${pathKey(info)}`, {
      message: `${issue.province} record ${issue.sourceId} cannot be mapped: ${issue.reason}`,
      path: at ?? responsePathAsArray(info.path),
      extensions: { code: issue.code, province: issue.province, sourceId: issue.sourceId, reason: issue.reason },
    });
  }

  /** One error per key and root field, at the first path that raised it. */
  private note(key: string, error: GraphQLFormattedError): void {
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.notices.push(error);
  }
}

/** The root field's response key: errors are reported once per root field. */
function pathKey(info: GraphQLResolveInfo): string {
  let p = info.path;
  while (p.prev) p = p.prev;
  return String(p.key);
}

/** The field's `after` cursor: set for a page after the first, null for the first. */
function afterCursorOf(info: GraphQLResolveInfo): string | null {
  const after = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === 'after')?.value;
  if (!after || after.kind === Kind.NULL) return null;
  const value = after.kind === Kind.VARIABLE ? info.variableValues[after.name.value] : after.kind === Kind.STRING ? after.value : null;
  return typeof value === 'string' ? value : null;
}
