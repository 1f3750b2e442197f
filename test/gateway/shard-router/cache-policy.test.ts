import { AnswerLifetime } from '../../../gateway/shard-router/cache-policy';

type Event = number | undefined | 'failed';

describe('cache policy: a merged answer holds no longer than its shortest-lived part', () => {
  it.each<[string, Event[], number | null]>([
    ['leaves the policy alone when no shard was asked', [], null],
    ['takes the max-age of the only shard asked', [60], 60],
    ['takes the shortest max-age of the shards', [300, 30, 120], 30],
    ['holds for 0 s when a shard gave no max-age', [300, undefined], 0],
    ['holds for 0 s when a shard failed', [300, 'failed'], 0],
    ['holds for 0 s when a shard failed before the others answered', ['failed', 300], 0],
  ])('%s', (_, events, expected) => {
    const lifetime = new AnswerLifetime();
    for (const e of events) {
      if (e === 'failed') lifetime.failed();
      else lifetime.answered(e);
    }
    expect(lifetime.seconds).toBe(expected);
    const restrict = jest.fn();
    lifetime.restrict({ restrict });
    if (expected === null) expect(restrict).not.toHaveBeenCalled();
    else expect(restrict).toHaveBeenCalledWith({ maxAge: expected, scope: 'PRIVATE' });
  });

  it.each<[string, unknown]>([
    ['no policy', undefined],
    ['a policy without restrict', {}],
    ['null', null],
  ])('does nothing for a request with %s', (_, policy) => {
    const lifetime = new AnswerLifetime();
    lifetime.answered(10);
    expect(() => lifetime.restrict(policy)).not.toThrow();
  });
});
