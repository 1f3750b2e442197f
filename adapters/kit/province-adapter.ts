import type {
  HazmatEnterpriseRecord,
  MutualAidRequestInput,
  MutualAidRequestRecord,
  MutualAidStatus,
  ProvinceCode,
  RescueBaseRecord,
  TrackPointRecord,
  WarningRecord,
  WaybillRecord,
} from '../../schema/model';
import type { LegacyDataIssue } from './errors';
import type { TextStorage } from './storable-text';

/** What every system's status read answers about a mutual-aid request. */
export type MutualAidStatusRecord = Pick<MutualAidRequestRecord, 'id' | 'province' | 'sourceId' | 'status' | 'updatedAt'>;

/** Records mapped from one legacy answer, and the ones that could not be mapped. */
export interface Mapped<T> {
  records: T[];
  invalid: LegacyDataIssue[];
}

/** A pull's records, and when it last saw the system. */
export interface Pulled<T> extends Mapped<T> {
  /**
   * When the pull's last list request was sent (the adapter's clock). The systems list in update
   * order and each pull pages on from the last update it has seen, so a pull has seen every change
   * made before its last request: the copy it makes is as of then. Absent: as of the pull's start.
   */
  asOf?: Date;
}

/** A request the system holds, as its lookup by clientRequestId finds it. */
export interface FoundMutualAid {
  sourceId: string;
  status: MutualAidStatus;
  updatedAt: string;
}

/**
 * What a system offers to make a write happen once: an idempotency key it honours for `windowMs`
 * (a repeat inside it answers the first request and creates none), or no key but a way to find
 * the requests made for a clientRequestId, so that an attempt is never sent twice.
 */
export type WriteGuarantee =
  | { kind: 'idempotency-key'; windowMs: number }
  | {
      kind: 'lookup-by-client-request-id';
      /** The base's requests made for `clientRequestId` that changed at or after `since`, oldest source id first. */
      find(clientRequestId: string, baseId: string, since: Date): Promise<FoundMutualAid[]>;
    };

export type Collection = 'warnings' | 'enterprises' | 'waybills' | 'bases';

export interface CollectionRecord {
  warnings: WarningRecord;
  enterprises: HazmatEnterpriseRecord;
  waybills: WaybillRecord;
  bases: RescueBaseRecord;
}

/**
 * One provincial legacy system, speaking the contract.
 *
 * Every method throws ProvinceUnavailableError when the system cannot answer, LegacyRejectedError
 * when it refuses a write, and reports unmappable records in `invalid` instead of throwing.
 * Ids are the systems' own (legacy) ids, not global ids.
 */
export interface ProvinceAdapter {
  readonly province: ProvinceCode;
  /** Names the legacy system in provenance, e.g. "SH api/v2". */
  readonly system: string;

  /** The most records one page of a pull holds: a pull of n records costs ⌈n / listPageSize⌉ calls. */
  readonly listPageSize: number;

  /** The system's documented request rate, when it has one (Anhui: 5 a second): a first pull of n records takes at least ⌈n / listPageSize⌉ / perSecond seconds. */
  readonly rateLimit?: { perSecond: number };

  /** Every record changed at or after `since` (all when null), paged through to the end. */
  pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>>;

  /**
   * How many records the collection holds (valid or not), from the smallest page its list serves:
   * one call. Null when the system's lists report no total (Zhejiang's cursors).
   */
  count(collection: Collection): Promise<number | null>;

  /** Batch read by legacy id, in as few calls as the system allows; unknown ids are left out. */
  get<C extends Collection>(collection: C, sourceIds: readonly string[]): Promise<Mapped<CollectionRecord[C]>>;

  /** The positions this system recorded for the plate (normalised) in [from, to], ordered by time. */
  track(plate: string, from: Date, to: Date): Promise<Mapped<TrackPointRecord>>;

  /** What the system can store of the texts a write sends (checked before anything is journalled or sent). */
  readonly textStorage: TextStorage;

  /** How a repeated write is kept from creating a second request in this system. */
  readonly writeGuarantee: WriteGuarantee;

  /**
   * Writes a mutual-aid request through the system's own endpoint (idempotency is the caller's
   * concern); a text the system cannot store is refused (LegacyRejectedError) before anything is sent.
   */
  submitMutualAid(input: MutualAidRequestInput): Promise<MutualAidRequestRecord>;

  /**
   * Reads a request's status by the system's request id; null when unknown. The systems answer
   * status and time only: who asked and for which base is known from the submit.
   */
  getMutualAid(sourceId: string): Promise<MutualAidStatusRecord | null>;
}
