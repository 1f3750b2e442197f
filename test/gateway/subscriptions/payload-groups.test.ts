import { buildSchema, parse, type ExecutionResult } from 'graphql';
import { DEFAULT_LIMITS } from '../../../gateway/plugins/apollo/limits';
import { EVENTS_KEPT_PER_GROUP, PayloadGroups, payloadGroupKey } from '../../../gateway/subscriptions/payload-groups';
import type { Subscriber } from '../../../gateway/subscriptions/subscriber';
import { isPrepared, prepareSubscription } from '../../../gateway/subscriptions/subscription-operation';

const schema = buildSchema(`
  type Query { warning(id: ID!): Warning }
  type Warning { id: ID! headline: String! }
  type WarningChange { id: ID! warning: Warning! }
  type Subscription { warningChanges(after: ID): WarningChange! }
`);

function prepared(document: string) {
  const op = prepareSubscription(schema, parse(document), {}, null, DEFAULT_LIMITS);
  if (!isPrepared(op)) throw new Error(op.map((e) => e.message).join('; '));
  return op;
}

const subscriber = (sub: string, extra: Partial<Subscriber> = {}): Subscriber => ({ caller: { sub, role: 'exchange', province: null, catalog: ['VEHICLE_TRACK'] }, authorization: `Bearer ${sub}`, expiresAt: null, limitKey: sub, ...extra });

function maker(): { calls: string[]; make: (label: string) => () => Promise<ExecutionResult | null> } {
  const calls: string[] = [];
  return { calls, make: (label) => async () => (calls.push(label), { data: { label } }) };
}

describe('PayloadGroups', () => {
  it('makes an event\'s payload once per group and hands every member the same object, and again for another group or event', async () => {
    const groups = new PayloadGroups();
    const { calls, make } = maker();
    const a = [groups.join('a'), groups.join('a'), groups.join('a')];
    const b = groups.join('b');
    const payloads = await Promise.all(a.map((m, i) => m.payload('1-0', make(`a${i}`))));
    expect(calls).toEqual(['a0']);
    expect(payloads[1]).toBe(payloads[0]);
    expect(payloads[2]).toBe(payloads[0]);
    await b.payload('1-0', make('b'));
    await a[1].payload('2-0', make('a1 second event'));
    expect(calls).toEqual(['a0', 'b', 'a1 second event']);
  });

  it('keeps a payload for a member whose turn comes after many later events, and makes it again past that', async () => {
    const groups = new PayloadGroups();
    const { calls, make } = maker();
    const early = groups.join('g');
    const late = groups.join('g');
    for (let i = 0; i < EVENTS_KEPT_PER_GROUP; i++) await early.payload(`${i}-0`, make(`early ${i}`));
    await late.payload('0-0', make('late 0'));
    expect(calls).not.toContain('late 0');
    await early.payload(`${EVENTS_KEPT_PER_GROUP}-0`, make('early past'));
    await late.payload('0-0', make('late 0 again'));
    expect(calls).toContain('late 0 again');
  });

  it('makes a payload that failed again, and forgets a group once its last member leaves', async () => {
    const groups = new PayloadGroups();
    const m = groups.join('g');
    const other = groups.join('g');
    await expect(m.payload('1-0', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(other.payload('1-0', async () => ({ data: { ok: true } }))).resolves.toEqual({ data: { ok: true } });
    expect(groups.size).toBe(1);
    m.leave();
    m.leave();
    expect(groups.size).toBe(1);
    other.leave();
    expect(groups.size).toBe(0);
    const { calls, make } = maker();
    const again = groups.join('g');
    await again.payload('1-0', make('fresh group'));
    expect(calls).toEqual(['fresh group']);
  });
});

describe('payloadGroupKey', () => {
  it('puts the subscriptions of one caller asking the same in one group, and another caller, token or document in another', () => {
    const op = prepared('subscription { warningChanges { id warning { id } } }');
    const key = payloadGroupKey(op, subscriber('platform'));
    expect(payloadGroupKey(prepared('subscription { warningChanges { id warning { id } } }'), subscriber('platform'))).toBe(key);
    expect(payloadGroupKey(op, subscriber('other'))).not.toBe(key);
    expect(payloadGroupKey(op, subscriber('platform', { authorization: 'Bearer another token' }))).not.toBe(key);
    expect(payloadGroupKey(prepared('subscription { warningChanges { id warning { id headline } } }'), subscriber('platform'))).not.toBe(key);
  });

  it('gives each subscriber with its own access recorder (a webhook) a group of its own', () => {
    const op = prepared('subscription { warningChanges { id warning { id } } }');
    const onAccess = () => undefined;
    const a = payloadGroupKey(op, subscriber('platform', { limitKey: 'webhook:wh_a', onAccess }));
    expect(payloadGroupKey(op, subscriber('platform', { limitKey: 'webhook:wh_b', onAccess }))).not.toBe(a);
    expect(payloadGroupKey(op, subscriber('platform'))).not.toBe(a);
  });
});
