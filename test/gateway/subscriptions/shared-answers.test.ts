import { parse } from 'graphql';
import { sharedAnswers } from '../../../gateway/subscriptions/shared-answers';
import type { GatewayExecutor, Subscriber } from '../../../gateway/subscriptions/subscriber';

const subscriber = (sub: string): Subscriber => ({ caller: { sub, role: 'exchange', province: null, catalog: ['VEHICLE_TRACK'] }, authorization: `Bearer ${sub}`, expiresAt: null, limitKey: sub });

function counting(): { executor: GatewayExecutor; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    executor: {
      schema: () => null,
      async execute(_document, variables, s) {
        calls.push(`${s.caller.sub}:${String(variables.__key)}`);
        return { data: { n: calls.length }, errors: [] };
      },
    },
  };
}

describe('sharedAnswers', () => {
  const doc = parse('query Q($__key: ID!) { warning(id: $__key) { id } }');

  it('resolves one event once for the subscriptions of one caller asking the same, and again for another event, caller or document', async () => {
    const { executor, calls } = counting();
    const shared = sharedAnswers(executor);
    const a = subscriber('platform');
    const answers = await Promise.all([1, 2, 3].map(() => shared.execute(doc, { __key: 'SH:Warning:1' }, a, 'e1')));
    expect(answers.map((x) => x.data)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    await shared.execute(doc, { __key: 'SH:Warning:1' }, a, 'e2');
    await shared.execute(doc, { __key: 'SH:Warning:1' }, subscriber('other'), 'e1');
    await shared.execute(parse('query Q($__key: ID!) { warning(id: $__key) { id headline } }'), { __key: 'SH:Warning:1' }, a, 'e1');
    expect(calls).toEqual(['platform:SH:Warning:1', 'platform:SH:Warning:1', 'other:SH:Warning:1', 'platform:SH:Warning:1']);
  });

  it('shares nothing without an event, and asks again once the answer is older than its time', async () => {
    const { executor, calls } = counting();
    let t = 0;
    const shared = sharedAnswers(executor, () => t);
    const a = subscriber('platform');
    await shared.execute(doc, { __key: 'x' }, a);
    await shared.execute(doc, { __key: 'x' }, a);
    await shared.execute(doc, { __key: 'x' }, a, 'e1');
    t = 5000;
    await shared.execute(doc, { __key: 'x' }, a, 'e1');
    expect(calls).toHaveLength(4);
  });
});
