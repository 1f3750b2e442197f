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
function drained(membership: GroupMembership, make: (e: BusEvent<Entry>) => Promise<ExecutionResult | null>, o: { replay?: BusEvent<Entry>[]; expiresAt?: number | null; accept?: () => boolean } = {}) {
  const written: unknown[] = [];
  const ended: { error: unknown }[] = [];
  const stream = new EventIterator<Entry>(
    {
      replay: o.replay ?? [],
      payload: () => Promise.reject(new Error('a drained stream is not iterated')),
      expiresAt: o.expiresAt ?? null,
      onEnd: () => membership.leave(),
      deliverInto: (e, waiter) => (e.entry.wanted ? membership.deliver(e.id, () => make(e), waiter) : waiter.ready(null)),
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
