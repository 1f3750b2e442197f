import type { MutualAidRequestRecord, ProvinceCode } from '../../schema/model';

/** What the systems do not answer about a mutual-aid request after the submit: who asked, for which base. */
export interface SubmittedRequest {
  id: string;
  sourceId: string;
  clientRequestId: string;
  baseId: string;
  fromProvince: ProvinceCode;
  toProvince: ProvinceCode;
}

/**
 * The mutual-aid requests this process submitted, by global id and by clientRequestId. In memory:
 * a restart forgets them (exactly-once across restarts is a later step).
 */
export class MutualAidRegistry {
  private readonly byId = new Map<string, SubmittedRequest>();
  private readonly byClientRequestId = new Map<string, Promise<MutualAidRequestRecord>>();

  get(id: string): SubmittedRequest | undefined {
    return this.byId.get(id);
  }

  /** Submits once per clientRequestId in this process: a repeat (or a concurrent twin) gets the first answer. */
  submitOnce(
    input: { clientRequestId: string; baseId: string; fromProvince: ProvinceCode },
    submit: () => Promise<MutualAidRequestRecord>,
  ): Promise<MutualAidRequestRecord> {
    const { clientRequestId, baseId, fromProvince } = input;
    const known = this.byClientRequestId.get(clientRequestId);
    if (known) return known;
    const pending = submit().then((record) => {
      this.byId.set(record.id, { id: record.id, sourceId: record.sourceId, clientRequestId, baseId, fromProvince, toProvince: record.province });
      return record;
    });
    this.byClientRequestId.set(clientRequestId, pending);
    pending.catch(() => this.byClientRequestId.delete(clientRequestId));
    return pending;
  }
}
