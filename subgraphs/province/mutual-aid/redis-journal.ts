import type { Cluster, default as Redis } from 'ioredis';
import type { ProvinceCode } from '../../../schema/model';
import type { JournalEntry, MutualAidJournal } from './journal';

/**
 * The journal in Redis, shared by every replica of every province subgraph and kept across
 * restarts: one JSON value per clientRequestId, an index from global id to clientRequestId for
 * created requests, and a set of pending clientRequestIds per province for the start-up sweep.
 */
export class RedisJournal implements MutualAidJournal {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix = 'yrd:mutual-aid:',
  ) {}

  private entryKey(clientRequestId: string): string {
    return `${this.prefix}request:${clientRequestId}`;
  }

  private idKey(id: string): string {
    return `${this.prefix}id:${id}`;
  }

  private pendingKey(province: ProvinceCode): string {
    return `${this.prefix}pending:${province}`;
  }

  async get(clientRequestId: string): Promise<JournalEntry | null> {
    const raw = await this.redis.get(this.entryKey(clientRequestId));
    return raw === null ? null : (JSON.parse(raw) as JournalEntry);
  }

  async byId(id: string): Promise<JournalEntry | null> {
    const clientRequestId = await this.redis.get(this.idKey(id));
    return clientRequestId === null ? null : this.get(clientRequestId);
  }

  async put(entry: JournalEntry): Promise<void> {
    const tx = this.redis.multi().set(this.entryKey(entry.clientRequestId), JSON.stringify(entry));
    if (entry.state === 'pending') tx.sadd(this.pendingKey(entry.province), entry.clientRequestId);
    else tx.srem(this.pendingKey(entry.province), entry.clientRequestId);
    if (entry.created) tx.set(this.idKey(entry.created.id), entry.clientRequestId);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err !== null);
    if (results === null || failed) throw new Error(`journal write failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
  }

  async pending(province: ProvinceCode): Promise<JournalEntry[]> {
    const ids = await this.redis.smembers(this.pendingKey(province));
    const entries = await Promise.all(ids.map((id) => this.get(id)));
    return entries.filter((e): e is JournalEntry => e !== null && e.state === 'pending');
  }

  async close(): Promise<void> {}
}
