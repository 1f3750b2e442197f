import { writeFile } from 'node:fs/promises';
import type { Cluster, default as Redis } from 'ioredis';
import { connectRedisStore, parseRedisUrl, type RedisTarget } from '../cache/redis-connection';
import type { HeadSigner } from '../registry/signing';
import { sealCheckpoint } from './checkpoint';
import { chainRecords } from './record-hash';
import { CURRENT_SEGMENT, segmentKey, type SegmentedAccessLogStore } from './store';
import { StreamLineReader, type StreamLines } from './stream-line-reader';
import type { AccessEntry, AccessLogCheckpoint, AccessLogHead, AccessRecord, PlacedRecord, StoredSegment } from './types';

export interface RedisAccessLogOptions {
  url: string;
  /** Prefix of the streams, the head key and the checkpoints; one prefix is one log (a hash tag on a cluster). */
  prefix?: string;
  /** Signs the head each batch leaves, and each checkpoint. */
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

/** Closes the current stream as segment N (a rename keeps every id) and records its checkpoint, only when the head is still the one checkpointed. */
const ROTATE = `
local head = redis.call('GET', KEYS[2]) or ''
if head ~= ARGV[1] then return 0 end
if redis.call('XLEN', KEYS[1]) == 0 then return -1 end
redis.call('RENAME', KEYS[1], KEYS[3])
redis.call('RPUSH', KEYS[4], ARGV[2])
return 1
`;

const SCAN_CHUNK = 2000;
/** Stored lines per XRANGE when verifying: small enough that Redis prepares the next chunk while this process hashes one. */
const LINES_CHUNK = 500;
const NEWLINE = Buffer.from('\n');

/**
 * Access records in a Redis stream, the head ("seq:hash") beside it; a lost race re-chains and
 * retries. Closed segments are streams `<prefix>segment-N`, their checkpoints the list `<prefix>checkpoints`;
 * the search index's snapshot is the string `<prefix>index`.
 */
export class RedisAccessLogStore implements SegmentedAccessLogStore {
  private readonly redis: Redis | Cluster;
  private readonly prefix: string;
  private readonly keys: { stream: string; head: string; checkpoints: string; index: string };
  private readonly signer: HeadSigner | null;
  private readonly target: RedisTarget;
  private lineReader: StreamLineReader | null = null;

  constructor(options: RedisAccessLogOptions) {
    const { redis, prefix } = connectRedisStore(options.url, options.prefix ?? 'yrd:access:');
    this.redis = redis;
    this.prefix = prefix;
    this.keys = { stream: `${this.prefix}records`, head: `${this.prefix}head`, checkpoints: `${this.prefix}checkpoints`, index: `${this.prefix}index` };
    this.signer = options.signer ?? null;
    this.target = parseRedisUrl(options.url);
  }

  async append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    if (entries.length === 0) return [];
    for (;;) {
      const raw = (await this.redis.get(this.keys.head)) ?? '';
      const { records, lines } = chainRecords(parseHead(raw), entries, this.signer);
      const last = records[records.length - 1];
      const done = (await this.redis.eval(APPEND, 2, this.keys.stream, this.keys.head, raw, `${last.seq}:${last.hash}`, ...lines)) as number;
      if (done === 1) return records;
    }
  }

  async rotate(closedAt: Date = new Date()): Promise<AccessLogCheckpoint | null> {
    for (;;) {
      const [raw, checkpoints] = await Promise.all([this.redis.get(this.keys.head), this.checkpoints()]);
      const head = parseHead(raw ?? '');
      const last = checkpoints.at(-1) ?? null;
      if (!head || head.seq === last?.lastSeq) return null;
      const checkpoint = sealCheckpoint(last, head, closedAt.toISOString(), this.signer);
      const keys = [this.keys.stream, this.keys.head, this.streamOf(segmentKey(checkpoint.segment)), this.keys.checkpoints];
      const done = (await this.redis.eval(ROTATE, 4, ...keys, raw ?? '', JSON.stringify(checkpoint))) as number;
      if (done === 1) return checkpoint;
      if (done === -1) return null;
    }
  }

  async checkpoints(): Promise<AccessLogCheckpoint[]> {
    return (await this.redis.lrange(this.keys.checkpoints, 0, -1)).map((text) => JSON.parse(text) as AccessLogCheckpoint);
  }

  async segments(): Promise<StoredSegment[]> {
    const checkpoints = await this.checkpoints();
    const flags = await Promise.all(checkpoints.map(async (c) => (await this.redis.exists(this.streamOf(segmentKey(c.segment)))) === 1));
    return [...checkpoints.map((checkpoint, i) => ({ key: segmentKey(checkpoint.segment), checkpoint, present: flags[i] })), { key: CURRENT_SEGMENT, checkpoint: null, present: true }];
  }

  async *read(segment: string, after: number | string | null): AsyncIterable<PlacedRecord[]> {
    let start = after === null ? '-' : `(${after}`;
    for (;;) {
      const chunk = (await this.redis.xrange(this.streamOf(segment), start, '+', 'COUNT', SCAN_CHUNK)) as [string, string[]][];
      yield chunk.map(([id, fields]) => ({ record: JSON.parse(fields[1]) as AccessRecord, position: id }));
      if (chunk.length < SCAN_CHUNK) return;
      start = `(${chunk[chunk.length - 1][0]}`;
    }
  }

  /**
   * The next chunk is asked for before this one is handed over, so that Redis reads it while the
   * caller hashes. On one node the lines come through a reader of their own (stream-line-reader.ts).
   */
  async *readLines(segment: string): AsyncIterable<Buffer[]> {
    const stream = this.streamOf(segment);
    const reader = this.reader();
    const ask = (start: string): Promise<StreamLines> => {
      const answer = reader ? reader.xrange(stream, start, LINES_CHUNK) : this.redis.xrangeBuffer(stream, start, '+', 'COUNT', LINES_CHUNK).then(linesOf);
      answer.catch(() => undefined);
      return answer;
    };
    let next = ask('-');
    for (;;) {
      const { lines, lastId } = await next;
      const more = lines.length === LINES_CHUNK;
      if (more) next = ask(`(${lastId}`);
      yield lines;
      if (!more) return;
    }
  }

  async fetch(segment: string, positions: readonly (number | string)[]): Promise<AccessRecord[]> {
    const stream = this.streamOf(segment);
    const pipeline = this.redis.pipeline();
    for (const id of positions) pipeline.xrange(stream, String(id), String(id));
    const answers = (await pipeline.exec()) ?? [];
    return answers.map(([error, entries]) => {
      const found = (entries as [string, string[]][] | null)?.[0];
      if (error || !found) throw new Error(`access record ${String(error ?? 'missing')} in ${stream}`);
      return JSON.parse(found[1][1]) as AccessRecord;
    });
  }

  async *scan(): AsyncIterable<AccessRecord> {
    for (const segment of await this.segments()) {
      if (!segment.present) continue;
      for await (const chunk of this.read(segment.key, null)) for (const { record } of chunk) yield record;
    }
  }

  async head(): Promise<AccessLogHead | null> {
    return parseHead((await this.redis.get(this.keys.head)) ?? '');
  }

  async archiveSegment(segment: number, file: string): Promise<void> {
    const lines: Buffer[] = [];
    for await (const chunk of this.readLines(segmentKey(segment))) for (const line of chunk) lines.push(line, NEWLINE);
    await writeFile(file, Buffer.concat(lines));
  }

  async removeSegment(segment: number): Promise<void> {
    if (!(await this.checkpoints()).some((c) => c.segment === segment)) throw new Error(`segment ${segment} is not closed`);
    await this.redis.del(this.streamOf(segmentKey(segment)));
  }

  loadIndexSnapshot(): Promise<Buffer | null> {
    return this.redis.getBuffer(this.keys.index);
  }

  async saveIndexSnapshot(data: Buffer): Promise<void> {
    await this.redis.set(this.keys.index, data);
  }

  async close(): Promise<void> {
    this.lineReader?.close();
    await (this.redis.status === 'ready' ? this.redis.quit().then(() => undefined, () => this.redis.disconnect()) : this.redis.disconnect());
  }

  /** The verification reader, opened again after its connection failed; none on a cluster. */
  private reader(): StreamLineReader | null {
    if (this.target.cluster) return null;
    if (!this.lineReader || this.lineReader.failed) this.lineReader = new StreamLineReader(this.target);
    return this.lineReader;
  }

  private streamOf(segment: string): string {
    return segment === CURRENT_SEGMENT ? this.keys.stream : `${this.prefix}${segment}`;
  }
}

function linesOf(entries: [Buffer, Buffer[]][]): StreamLines {
  return { lines: entries.map(([, fields]) => fields[1]), lastId: entries.at(-1)?.[0].toString('latin1') ?? null };
}

function parseHead(raw: string): AccessLogHead | null {
  const at = raw.indexOf(':');
  return at < 0 ? null : { seq: Number(raw.slice(0, at)), hash: raw.slice(at + 1) };
}
