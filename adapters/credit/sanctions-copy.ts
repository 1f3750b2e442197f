import type { CreditSanctionRecord } from '../../schema/credit-model';
import type { MappedRow } from './map-row';

/**
 * One consistent state of the local copy of the sanctions list: never changed once built. A file
 * is applied to a builder started from the current state (or from nothing, for a snapshot), and
 * the builder's result replaces the state in one assignment once the whole file has been read.
 */

export interface InvalidSanctionRow {
  decisionNumber: string;
  reason: string;
}

export interface SanctionsCopyData {
  /** By decision number. */
  sanctions: readonly CreditSanctionRecord[];
  invalid: readonly InvalidSanctionRow[];
  /** Decision numbers of rows about natural persons: counted, nothing else of them kept. */
  persons: readonly string[];
  /** The snapshot the copy started from, and the last file applied (its asOf, epoch ms). */
  snapshot: string;
  asOfMs: number;
  /** Names of the files applied since the snapshot, in order. */
  applied: readonly string[];
}

export class SanctionsCopy {
  readonly byDecision: ReadonlyMap<string, CreditSanctionRecord>;
  readonly byCreditCode: ReadonlyMap<string, readonly CreditSanctionRecord[]>;
  readonly invalid: ReadonlyMap<string, InvalidSanctionRow>;
  readonly persons: ReadonlySet<string>;

  private constructor(
    byDecision: Map<string, CreditSanctionRecord>,
    invalid: Map<string, InvalidSanctionRow>,
    persons: Set<string>,
    readonly snapshot: string,
    readonly asOfMs: number,
    readonly applied: readonly string[],
  ) {
    this.byDecision = byDecision;
    this.invalid = invalid;
    this.persons = persons;
    const byCode = new Map<string, CreditSanctionRecord[]>();
    for (const r of byDecision.values()) byCode.set(r.creditCode, [...(byCode.get(r.creditCode) ?? []), r]);
    this.byCreditCode = byCode;
  }

  static empty(): SanctionsCopy {
    return new SanctionsCopy(new Map(), new Map(), new Set(), '', Number.NEGATIVE_INFINITY, []);
  }

  static fromData(data: SanctionsCopyData): SanctionsCopy {
    return new SanctionsCopy(
      new Map(data.sanctions.map((r) => [r.decisionNumber, r])),
      new Map(data.invalid.map((i) => [i.decisionNumber, i])),
      new Set(data.persons),
      data.snapshot,
      data.asOfMs,
      data.applied,
    );
  }

  toData(): SanctionsCopyData {
    return { sanctions: [...this.byDecision.values()], invalid: [...this.invalid.values()], persons: [...this.persons], snapshot: this.snapshot, asOfMs: this.asOfMs, applied: this.applied };
  }

  /** A builder for the state after a snapshot (from nothing) or a delta (over this state). */
  next(file: { name: string; kind: 'full' | 'delta' }): SanctionsCopyBuilder {
    return file.kind === 'full' ? new SanctionsCopyBuilder(new Map(), new Map(), new Set(), file.name, []) : new SanctionsCopyBuilder(new Map(this.byDecision), new Map(this.invalid), new Set(this.persons), this.snapshot, [...this.applied]);
  }

  static build(builder: SanctionsCopyBuilder, file: { name: string; asOfMs: number }): SanctionsCopy {
    return new SanctionsCopy(builder.byDecision, builder.invalid, builder.persons, builder.snapshot, file.asOfMs, [...builder.applied, file.name]);
  }
}

/** A later row for the same decision number replaces the earlier one, whatever either was. */
export class SanctionsCopyBuilder {
  constructor(
    readonly byDecision: Map<string, CreditSanctionRecord>,
    readonly invalid: Map<string, InvalidSanctionRow>,
    readonly persons: Set<string>,
    readonly snapshot: string,
    readonly applied: string[],
  ) {}

  apply(row: MappedRow): void {
    const key = row.kind === 'sanction' ? row.record.decisionNumber : row.decisionNumber;
    this.byDecision.delete(key);
    this.invalid.delete(key);
    this.persons.delete(key);
    if (row.kind === 'sanction') this.byDecision.set(key, row.record);
    else if (row.kind === 'person') this.persons.add(key);
    else this.invalid.set(key, { decisionNumber: key, reason: row.reason });
  }
}
