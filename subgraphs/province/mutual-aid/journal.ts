import type { MutualAidRequestInput, MutualAidStatus, ProvinceCode } from '../../../schema/model';

/**
 * The request journal: clientRequestId → what became of it. An entry is written `pending` before
 * anything is sent, and turns `created` (with the system's id) or `refused` once the system has
 * said so; a `pending` entry is one whose outcome is not known yet, to be settled by reconciliation.
 */
export type JournalState = 'pending' | 'created' | 'refused';

export interface CreatedRequest {
  /** Global id "<province>:MutualAidRequest:<legacy id>". */
  id: string;
  sourceId: string;
  status: MutualAidStatus;
  updatedAt: string;
}

export interface Refusal {
  message: string;
  legacyCode: string | null;
}

export interface JournalEntry {
  clientRequestId: string;
  /** The province whose base was asked (toProvince), whose system holds the request. */
  province: ProvinceCode;
  /** Of the request's content: a repeat must ask for the same thing. */
  fingerprint: string;
  /** Exactly what is (re-)sent to the system. */
  request: MutualAidRequestInput;
  state: JournalState;
  /** When the entry was first written (ISO, by the subgraph's clock: compared with the system's times). */
  startedAt: string;
  /** Attempts sent to the system so far. */
  attempts: number;
  /**
   * Set when an attempt is sent, cleared when the system answers: while set, the attempt may still
   * reach the system and be carried out, so a system without idempotency is not trusted to say
   * "not there" until later. Wall time (ISO), not the CLOCK_NOW-shifted clock: it measures network
   * delay, and replicas started at different times must agree on it.
   */
  inDoubtSince: string | null;
  created: CreatedRequest | null;
  refusal: Refusal | null;
}

export interface MutualAidJournal {
  get(clientRequestId: string): Promise<JournalEntry | null>;
  /** The entry of a created request, by its global id. */
  byId(id: string): Promise<JournalEntry | null>;
  put(entry: JournalEntry): Promise<void>;
  /** Entries of this province still pending (after a crash, say). */
  pending(province: ProvinceCode): Promise<JournalEntry[]>;
  close(): Promise<void>;
}

/** The journal of one process: lost on restart (REDIS_URL keeps it across restarts and replicas). */
export class InProcessJournal implements MutualAidJournal {
  private readonly entries = new Map<string, JournalEntry>();
  private readonly ids = new Map<string, string>();

  async get(clientRequestId: string): Promise<JournalEntry | null> {
    const entry = this.entries.get(clientRequestId);
    return entry ? structuredClone(entry) : null;
  }

  async byId(id: string): Promise<JournalEntry | null> {
    const clientRequestId = this.ids.get(id);
    return clientRequestId === undefined ? null : this.get(clientRequestId);
  }

  async put(entry: JournalEntry): Promise<void> {
    this.entries.set(entry.clientRequestId, structuredClone(entry));
    if (entry.created) this.ids.set(entry.created.id, entry.clientRequestId);
  }

  async pending(province: ProvinceCode): Promise<JournalEntry[]> {
    return [...this.entries.values()].filter((e) => e.state === 'pending' && e.province === province).map((e) => structuredClone(e));
  }

  async close(): Promise<void> {}
}
