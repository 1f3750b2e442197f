import type { ExecutionResult } from 'graphql';
import type { BusEvent } from '../../../gateway/subscriptions/event-bus';
import { compareEventIds } from '../../../gateway/subscriptions/event-bus';
import { EventIterator, type PayloadSink } from '../../../gateway/subscriptions/event-iterator';
import { DELIVERY_SLICE, PayloadGroups, type GroupMembership } from '../../../gateway/subscriptions/payload-groups';

interface Entry {
  key: string;
  wanted: boolean;
}
const event = (id: string, wanted = true): BusEvent<Entry> => ({ id, entry: { key: `k${id}`, wanted } });

/** A group member's stream drained into a sink that records what it wrote, as sse-distinct-streams.ts drains one. */
function drained(membership: GroupMembership, make: (e: BusEvent<Entry>) => Promise<ExecutionResult | null>, o: { replay?: BusEvent<Entry>[]; expiresAt?: number | null; accept?: () => boolean; maxQueued?: number } = {}) {
  const written: unknown[] = [];
  const ended: { error: unknown }[] = [];
  const stream = new EventIterator<Entry>(
    {
      replay: o.replay ?? [],
      payload: () => Promise.reject(new Error('a drained stream is not iterated')),
      expiresAt: o.expiresAt ?? null,
      onEnd: () => membership.leave(),
      deliverInto: (e, waiter) => (e.entry.wanted ? membership.deliver(e.id, () => make(e), waiter) : waiter.ready(null)),
      maxQueued: o.maxQueued ?? null,
    },
    compareEventIds,
  );
  const sink: PayloadSink = { write: (value) => (written.push(value.data ?? value.errors?.[0]?.extensions.code), o.accept?.() ?? true), end: (error) => void ended.push({ error }) };
  stream.drainInto(sink);
  return { stream, written, ended };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('drained streams: payloads handed to waiting members by their group, without a promise per member', () => {
  it('makes each event once for the group and writes it to every member in bus order, skipping unwanted and repeated events', async () => {
    const groups = new PayloadGroups();
    const made: string[] = [];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const make = async (e: BusEvent<Entry>) => {
      made.push(e.id);
      if (e.id === '1-0') await slow;
      return { data: { id: e.id } };
    };
    const members = Array.from({ length: 3 }, () => drained(groups.join('g'), make));
    for (const e of [event('1-0'), event('2-0'), event('3-0', false), event('2-0'), event('4-0')]) for (const m of members) m.stream.push(e);
    await turn();
    // 2-0 is made meanwhile by nobody: each member waits for 1-0 first, so order holds.
    expect(members.map((m) => m.written)).toEqual([[], [], []]);
    release();
    for (let i = 0; i < 5; i++) await turn();
    for (const m of members) expect(m.written).toEqual([{ id: '1-0' }, { id: '2-0' }, { id: '4-0' }]);
    expect(made).toEqual(['1-0', '2-0', '4-0']);
    // The same payload object, not a copy per member (the SSE frame is cached per object).
    expect(members[1].written[0]).toBe(members[0].written[0]);
  });

  it('writes the replay before live events, and an event the replay gave only once', async () => {
    const groups = new PayloadGroups();
    const m = drained(groups.join('g'), async (e) => ({ data: { id: e.id } }), { replay: [event('1-0'), event('2-0')] });
    m.stream.push(event('2-0'));
    m.stream.push(event('3-0'));
    for (let i = 0; i < 5; i++) await turn();
    expect(m.written).toEqual([{ id: '1-0' }, { id: '2-0' }, { id: '3-0' }]);
  });

  it('hands a large group its payload in slices that yield to the event loop', async () => {
    const groups = new PayloadGroups();
    const members = Array.from({ length: DELIVERY_SLICE * 2 + 1 }, () => drained(groups.join('g'), async () => ({ data: { id: 'x' } })));
    for (const m of members) m.stream.push(event('1-0'));
    const count = () => members.filter((m) => m.written.length === 1).length;
    for (let i = 0; i < 50 && count() === 0; i++) await Promise.resolve();
    expect(count()).toBe(DELIVERY_SLICE);
    await turn();
    expect(count()).toBe(DELIVERY_SLICE * 2);
    await turn();
    expect(count()).toBe(members.length);
  });

  it('pauses a member whose sink cannot take more, keeps its events, and resumes in order', async () => {
    const groups = new PayloadGroups();
    let open = false;
    const m = drained(groups.join('g'), async (e) => ({ data: { id: e.id } }), { accept: () => open });
    m.stream.push(event('1-0'));
    m.stream.push(event('2-0'));
    m.stream.push(event('3-0'));
    for (let i = 0; i < 5; i++) await turn();
    expect(m.written).toEqual([{ id: '1-0' }]);
    open = true;
    m.stream.resume();
    for (let i = 0; i < 5; i++) await turn();
    expect(m.written).toEqual([{ id: '1-0' }, { id: '2-0' }, { id: '3-0' }]);
  });

  it('ends the sink once: on return(), on a payload that fails (with its error), and with UNAUTHENTICATED when the token expires', async () => {
    const groups = new PayloadGroups();
    const closed = drained(groups.join('a'), async () => ({ data: {} }));
    await closed.stream.return();
    await closed.stream.return();
    expect(closed.ended).toEqual([{ error: undefined }]);
    const boom = new Error('key query failed');
    const failing = drained(groups.join('b'), () => Promise.reject(boom));
    failing.stream.push(event('1-0'));
    for (let i = 0; i < 3; i++) await turn();
    expect(failing.ended).toEqual([{ error: boom }]);
    const expiring = drained(groups.join('c'), async () => ({ data: {} }), { expiresAt: Date.now() + 20 });
    await new Promise((r) => setTimeout(r, 60));
    expect(expiring.written).toEqual(['UNAUTHENTICATED']);
    expect(expiring.ended).toEqual([{ error: undefined }]);
    expect(groups.size).toBe(0);
  });
});

describe('a stream whose consumer stopped taking its events is bounded', () => {
  it('drained: past maxQueued live events behind a paused sink, writes SUBSCRIBER_TOO_SLOW, ends once, tells the transport and leaves its group', async () => {
    const groups = new PayloadGroups();
    const m = drained(groups.join('g'), async (e) => ({ data: { id: e.id } }), { accept: () => false, maxQueued: 3 });
    let told = 0;
    m.stream.onTooSlow(() => (told += 1));
    m.stream.push(event('1-0'));
    for (let i = 0; i < 3; i++) await turn();
    expect(m.written).toEqual([{ id: '1-0' }]);
    for (const id of ['2-0', '3-0', '4-0']) m.stream.push(event(id));
    expect([m.ended.length, told]).toEqual([0, 0]);
    m.stream.push(event('5-0'));
    m.stream.push(event('6-0'));
    expect(m.written).toEqual([{ id: '1-0' }, 'SUBSCRIBER_TOO_SLOW']);
    expect([m.ended, told, groups.size]).toEqual([[{ error: undefined }], 1, 0]);
  });

  it('does not count the replay of a resume against the bound, only live events held back', async () => {
    const groups = new PayloadGroups();
    const replay = Array.from({ length: 10 }, (_, i) => event(`${i + 1}-0`));
    const m = drained(groups.join('g'), async (e) => ({ data: { id: e.id } }), { replay, accept: () => false, maxQueued: 2 });
    for (let i = 0; i < 3; i++) await turn();
    m.stream.push(event('11-0'));
    m.stream.push(event('12-0'));
    expect(m.ended).toEqual([]);
    m.stream.push(event('13-0'));
    expect(m.written.at(-1)).toBe('SUBSCRIBER_TOO_SLOW');
  });

  it('iterated: past maxQueued while the consumer does not call next(), ends at once and owes SUBSCRIBER_TOO_SLOW as its last value', async () => {
    const ended: number[] = [];
    const stream = new EventIterator<Entry>(
      { replay: [], payload: async (e) => ({ data: { id: e.id } }), expiresAt: null, onEnd: () => ended.push(1), deliverInto: () => undefined, maxQueued: 2 },
      compareEventIds,
    );
    let told = 0;
    stream.onTooSlow(() => (told += 1));
    for (const id of ['1-0', '2-0']) stream.push(event(id));
    expect(ended).toEqual([]);
    stream.push(event('3-0'));
    expect([ended, told]).toEqual([[1], 1]);
    const last = await stream.next();
    expect((last.value as ExecutionResult).errors?.[0]?.extensions.code).toBe('SUBSCRIBER_TOO_SLOW');
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('does not count a burst of events whose payloads are being made: a drained stream only while its sink asks to wait, an iterated one only while stalled', async () => {
    const groups = new PayloadGroups();
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const m = drained(groups.join('g'), async (e) => (await slow, { data: { id: e.id } }), { maxQueued: 2 });
    for (let i = 1; i <= 6; i++) m.stream.push(event(`${i}-0`));
    release();
    for (let i = 0; i < 10; i++) await turn();
    expect([m.ended, m.written.length]).toEqual([[], 6]);
    let stalled = false;
    const iterated = new EventIterator<Entry>({ replay: [], payload: async (e) => ({ data: { id: e.id } }), expiresAt: null, onEnd: () => undefined, deliverInto: () => undefined, maxQueued: 2 }, compareEventIds);
    let told = 0;
    iterated.onTooSlow(() => (told += 1), () => stalled);
    for (let i = 1; i <= 5; i++) iterated.push(event(`${i}-0`));
    expect(told).toBe(0);
    stalled = true;
    iterated.push(event('6-0'));
    expect(told).toBe(1);
  });
});
