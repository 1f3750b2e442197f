import type { Cluster, default as Redis } from 'ioredis';
import { closeRedis, connectRedis, parseRedisUrl } from '../../schema/cache/redis-connection';
import { redisReady } from './redis-ready';
import { compareEventIds, resumeTooOld, type BusEvent, type BusListener, type EventBus, type Retention } from './event-bus';

/**
 * Appends unless the change's key was appended within the retention (several gateways pull the
 * same province feeds), then drops what is past the retention by age and by length: one atomic
 * step, so a gateway that dies half-way leaves neither a lost nor a doubled event. Dropped with
 * XDEL rather than XTRIM, because only XDEL records the newest dropped id (max-deleted-entry-id),
 * which tells a resume from before the window apart from one that lost nothing.
 */
const PUBLISH = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
  local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
  local t = redis.call('TIME')
  local oldest = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[2])
  for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', string.format('%d', oldest - 1), 'COUNT', 1000)) do redis.call('XDEL', KEYS[1], e[1]) end
  local over = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[3])
  if over > 0 then
    for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', over)) do redis.call('XDEL', KEYS[1], e[1]) end
  end
  return id
end
return false`;

type StreamEntries = [string, string[]][];
const BLOCK_MS = 500;

function entriesOf<E>(rows: StreamEntries): BusEvent<E>[] {
  return rows.map(([id, fields]) => ({ id, entry: JSON.parse(fields[fields.indexOf('e') + 1]) as E }));
}

/** The Redis key of a stream: every stream under one hash tag, so that one XREAD reads them all on a cluster. */
export function eventStreamKey(prefix: string, stream: string): string {
  return `${prefix}{events}:${stream}`;
}

/** Redis Streams shared by every gateway: one blocking reader per process fans new events out to its subscribers. */
export class RedisEventBus<E extends { key: string }> implements EventBus<E> {
  private readonly redis: Redis | Cluster;
  private readonly reader: Redis | Cluster;
  private readonly listeners = new Map<string, Set<BusListener<E>>>();
  private readonly lastIds = new Map<string, string>();
  private readonly positioning = new Map<string, Promise<void>>();
  private reading = false;
  private closed = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly retention: Retention,
  ) {
    const target = parseRedisUrl(url);
    this.redis = connectRedis(target, { commandTimeoutMs: 2000 });
    this.reader = connectRedis(target, { commandTimeoutMs: BLOCK_MS + 5000 });
  }

  /** Every stream under one hash tag: on a cluster the reader's one XREAD covers them all. */
  private key(stream: string): string {
    return eventStreamKey(this.prefix, stream);
  }

  async publish(stream: string, entry: E): Promise<string | null> {
    await redisReady(this.redis);
    const key = this.key(stream);
    const id = (await this.redis.eval(PUBLISH, 2, key, `${key}:seen:${entry.key}`, JSON.stringify(entry), String(this.retention.ms), String(this.retention.maxLength))) as string | null;
    return id ?? null;
  }

  async after(stream: string, after: string): Promise<BusEvent<E>[]> {
    await redisReady(this.redis);
    const key = this.key(stream);
    const info = (await this.redis.call('XINFO', 'STREAM', key).catch(() => null)) as (string | number)[] | null;
    const dropped = info ? String(info[info.indexOf('max-deleted-entry-id') + 1]) : '0-0';
    if (dropped !== '0-0' && compareEventIds(after, dropped) < 0) throw resumeTooOld(after, dropped);
    const events: BusEvent<E>[] = [];
    let from = after;
    for (;;) {
      const rows = (await this.redis.xrange(key, `(${from}`, '+', 'COUNT', 1000)) as StreamEntries;
      events.push(...entriesOf<E>(rows));
      if (rows.length < 1000) return events;
      from = rows[rows.length - 1][0];
    }
  }

  async listen(stream: string, listener: BusListener<E>): Promise<() => void> {
    let set = this.listeners.get(stream);
    if (!set) this.listeners.set(stream, (set = new Set()));
    set.add(listener);
    const stop = (): void => void set.delete(listener);
    try {
      await this.position(stream);
    } catch (e) {
      stop();
      throw e;
    }
    void this.readLoop();
    return stop;
  }

  /** Fixes where the reader starts in a stream: after its newest event when the first listener comes. */
  private position(stream: string): Promise<void> {
    if (this.lastIds.has(stream)) return Promise.resolve();
    let positioning = this.positioning.get(stream);
    if (!positioning) {
      positioning = (async () => {
        await redisReady(this.redis);
        const newest = (await this.redis.xrevrange(this.key(stream), '+', '-', 'COUNT', 1)) as StreamEntries;
        if (!this.lastIds.has(stream)) this.lastIds.set(stream, newest[0]?.[0] ?? '0-0');
      })().finally(() => this.positioning.delete(stream));
      this.positioning.set(stream, positioning);
    }
    return positioning;
  }

  private async readLoop(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    await redisReady(this.reader);
    while (!this.closed) await this.readOnce().catch(() => new Promise((r) => setTimeout(r, 200)));
  }

  private async readOnce(): Promise<void> {
    const streams = [...this.lastIds.keys()];
    const answer = (await this.reader.xread('COUNT', 1000, 'BLOCK', BLOCK_MS, 'STREAMS', ...streams.map((s) => this.key(s)), ...streams.map((s) => this.lastIds.get(s) as string))) as [string, StreamEntries][] | null;
    for (const [key, rows] of answer ?? []) {
      const stream = streams[streams.findIndex((s) => this.key(s) === key)];
      if (rows.length > 0) this.lastIds.set(stream, rows[rows.length - 1][0]);
      for (const event of entriesOf<E>(rows)) for (const l of this.listeners.get(stream) ?? []) l(event);
    }
  }

  async cursor(stream: string, source: string): Promise<string | null> {
    await redisReady(this.redis);
    return this.redis.get(`${this.key(stream)}:cursor:${source}`);
  }

  /** Kept as long as the stream keeps events: an older position could not resume anything kept. */
  async saveCursor(stream: string, source: string, cursor: string): Promise<void> {
    await redisReady(this.redis);
    await this.redis.set(`${this.key(stream)}:cursor:${source}`, cursor, 'PX', this.retention.ms);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.disconnect();
    await closeRedis(this.redis);
  }
}
