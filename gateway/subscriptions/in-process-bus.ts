import { compareEventIds, resumeTooOld, type BusEvent, type BusListener, type EventBus, type Retention } from './event-bus';

interface Stream<E> {
  events: BusEvent<E>[];
  keys: Map<string, number>;
  lastId: string | null;
  droppedThrough: string | null;
}

/** The bus of one gateway process without Redis: each stream an array trimmed to the retention. */
export class InProcessEventBus<E extends { key: string }> implements EventBus<E> {
  private readonly streams = new Map<string, Stream<E>>();
  /** A Set, not an EventEmitter: removing one of n listeners is O(1), so n subscribers leaving cost O(n), not O(n²). */
  private readonly listeners = new Map<string, Set<BusListener<E>>>();
  private readonly cursors = new Map<string, string>();

  constructor(
    private readonly retention: Retention,
    private readonly now: () => number = Date.now,
  ) {}

  private stream(name: string): Stream<E> {
    let s = this.streams.get(name);
    if (!s) this.streams.set(name, (s = { events: [], keys: new Map(), lastId: null, droppedThrough: null }));
    return s;
  }

  private nextId(s: Stream<E>): string {
    const ms = this.now();
    if (s.lastId === null) return `${ms}-0`;
    const [lastMs, lastN] = s.lastId.split('-').map(Number);
    return ms > lastMs ? `${ms}-0` : `${lastMs}-${lastN + 1}`;
  }

  private trim(s: Stream<E>): void {
    const oldest = this.now() - this.retention.ms;
    let drop = Math.max(0, s.events.length - this.retention.maxLength);
    while (drop < s.events.length && Number(s.events[drop].id.split('-')[0]) < oldest) drop += 1;
    if (drop === 0) return;
    s.droppedThrough = s.events[drop - 1].id;
    s.events.splice(0, drop);
    for (const [key, t] of s.keys) if (t < oldest) s.keys.delete(key);
  }

  async publish(name: string, entry: E): Promise<string | null> {
    const s = this.stream(name);
    this.trim(s);
    if (s.keys.has(entry.key)) return null;
    const id = this.nextId(s);
    s.lastId = id;
    s.keys.set(entry.key, this.now());
    const event = { id, entry };
    s.events.push(event);
    // A snapshot, as an EventEmitter takes: a listener added while the event is handed out gets it from `after`.
    for (const l of [...(this.listeners.get(name) ?? [])]) l(event);
    return id;
  }

  async after(name: string, after: string): Promise<BusEvent<E>[]> {
    const s = this.stream(name);
    this.trim(s);
    if (s.droppedThrough !== null && compareEventIds(after, s.droppedThrough) < 0) throw resumeTooOld(after, s.droppedThrough);
    return s.events.filter((e) => compareEventIds(e.id, after) > 0);
  }

  async listen(name: string, listener: BusListener<E>): Promise<() => void> {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  async cursor(stream: string, source: string): Promise<string | null> {
    return this.cursors.get(`${stream}\n${source}`) ?? null;
  }

  async saveCursor(stream: string, source: string, cursor: string): Promise<void> {
    this.cursors.set(`${stream}\n${source}`, cursor);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
