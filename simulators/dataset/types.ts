import type {
  HazmatEnterpriseRecord,
  MutualAidRequestRecord,
  ProvinceCode,
  RescueBaseRecord,
  TrackPointRecord,
  WarningRecord,
  WaybillRecord,
} from '../../schema/model';

export interface DatasetOptions {
  /** Same seed, same now, same scale: the same data set, byte for byte. */
  seed: string;
  /** The simulated present; every time in the data set is placed relative to it. */
  now: Date;
  /** 1 = a realistic region; 100 = a benchmark. */
  scale: number;
}

/** Why a legacy record cannot be mapped to the contract (the adapter must report it, not guess). */
export type Defect = 'INVALID_CREDIT_CODE' | 'UNKNOWN_CODE' | 'MISSING_FIELD' | 'UNPARSEABLE_TIME';

/**
 * A record that a legacy system holds but that cannot be mapped. `record` is what it would be if
 * it were valid; the province's simulator renders it and then corrupts it as `defect` says.
 */
export type BadRecord =
  | { province: ProvinceCode; collection: 'warnings'; defect: Defect; record: WarningRecord }
  | { province: ProvinceCode; collection: 'enterprises'; defect: Defect; record: HazmatEnterpriseRecord }
  | { province: ProvinceCode; collection: 'waybills'; defect: Defect; record: WaybillRecord }
  | { province: ProvinceCode; collection: 'bases'; defect: Defect; record: RescueBaseRecord };

/** The oracle: every record of the four systems in contract terms. */
export interface CanonicalDataset {
  options: DatasetOptions;
  warnings: WarningRecord[];
  enterprises: HazmatEnterpriseRecord[];
  waybills: WaybillRecord[];
  /** Every recorded position, each by the province whose system recorded it. */
  trackPoints: TrackPointRecord[];
  bases: RescueBaseRecord[];
  mutualAidRequests: MutualAidRequestRecord[];
  bad: BadRecord[];
  /** Records their system deletes at a simulated time (they are in the lists above until then). */
  deletions: Deletion[];
}

/** A record its system deletes at `at` (ISO-8601): from then on lists, totals and keyed reads no longer hold it. */
export interface Deletion {
  province: ProvinceCode;
  collection: 'warnings' | 'enterprises' | 'waybills' | 'bases';
  sourceId: string;
  at: string;
}
