import type Redis from 'ioredis';
import { ioredis } from '../cache/ioredis';
import type { HeadSigner } from '../registry/signing';
import { chainEntries } from './record-hash';
import type { AccessLogStore } from './store';
import type { AccessEntry, AccessLogHead, AccessRecord } from './types';

export interface RedisAccessLogOptions {
  url: string;
  /** Prefix of the stream and the head key; one prefix is one log. */
  prefix?: string;
  /** Signs the head each batch leaves. */
  signer?: HeadSigner | null;
}

/** Appends the chained records only when the head is still the one they were chained after. */
const APPEND = `
local head = redis.call('GET', KEYS[2]) or ''
if head ~= ARGV[1] then return 0 end
for i = 3, #ARGV do redis.call('XADD', KEYS[1], '*', 'r', ARGV[i]) end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`;

const SCAN_CHUNK = 1000;

/** Access records in a Redis stream, the head ("seq:hash") beside it; a lost race re-chains and retries. */
export class RedisAccessLogStore implements AccessLogStore {
  private readonly redis: Redis;
  private readonly keys: { stream: string; head: string };
  private readonly signer: HeadSigner | null;

  constructor(options: RedisAccessLogOptions) {
    const prefix = options.prefix ?? 'yrd:access:';
    this.keys = { stream: `${prefix}records`, head: `${prefix}head` };
    this.signer = options.signer ?? null;
    this.redis = new (ioredis().default)(options.url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
  }

  async append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    if (entries.length === 0) return [];
    for (;;) {
      const raw = (await this.redis.get(this.keys.head)) ?? '';
      const records = chainEntries(parseHead(raw), entries, this.signer);
      const last = records[records.length - 1];
      const done = (await this.redis.eval(APPEND, 2, this.keys.stream, this.keys.head, raw, `${last.seq}:${last.hash}`, ...records.map((r) => JSON.stringify(r)))) as number;
      if (done === 1) return records;
    }
  }

  async *scan(): AsyncIterable<AccessRecord> {
    let start = '-';
    for (;;) {
      const chunk = (await this.redis.xrange(this.keys.stream, start, '+', 'COUNT', SCAN_CHUNK)) as [string, string[]][];
      for (const [, fields] of chunk) yield JSON.parse(fields[1]) as AccessRecord;
      if (chunk.length < SCAN_CHUNK) return;
      start = `(${chunk[chunk.length - 1][0]}`;
    }
  }

  async head(): Promise<AccessLogHead | null> {
    return parseHead((await this.redis.get(this.keys.head)) ?? '');
  }

  async close(): Promise<void> {
    await (this.redis.status === 'ready' ? this.redis.quit().then(() => undefined, () => this.redis.disconnect()) : this.redis.disconnect());
  }
}

function parseHead(raw: string): AccessLogHead | null {
  const at = raw.indexOf(':');
  return at < 0 ? null : { seq: Number(raw.slice(0, at)), hash: raw.slice(at + 1) };
}
