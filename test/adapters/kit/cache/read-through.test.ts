import { legacyKey } from '../../../../adapters/kit/cache/legacy-cache';
import { ReadThrough, type CacheOutcome } from '../../../../adapters/kit/cache/read-through';
import { ProvinceUnavailableError } from '../../../../adapters/kit/errors';
import { InProcessCache } from '../../../../schema/cache/in-process-cache';
import type { SharedCache } from '../../../../schema/cache/shared-cache';
import { ManualClock } from '../../../support/manual-clock';

const START = new Date('2026-07-12T08:00:00+08:00');

const FRESH_MS = 10_000;
const STALE_MS = 60_000;

function setUp(cache: SharedCache = new InProcessCache()) {
  const clock = new ManualClock(START);
  const outcomes: CacheOutcome[] = [];
  const reads = new ReadThrough({ cache, clock, staleMs: STALE_MS, onOutcome: (_kind, outcome) => outcomes.push(outcome) });
  let loads = 0;
  const load = (value: string) => async (): Promise<string> => {
    loads += 1;
    await Promise.resolve();
    return value;
  };
  return { clock, outcomes, reads, load, loads: () => loads };
}

const down = new ProvinceUnavailableError('JS', 'PROVINCE_UNAVAILABLE', 'JS down');
const failing = async (): Promise<string> => {
  throw down;
};

describe('ReadThrough', () => {
  it('loads on a miss, then serves the copy while it is fresh, saying until when', async () => {
    const { clock, outcomes, reads, load, loads } = setUp();
    const first = await reads.read('bases', 'k', FRESH_MS, load('v1'));
    clock.advance(FRESH_MS - 1);
    const second = await reads.read('bases', 'k', FRESH_MS, load('v2'));
    expect(second).toEqual({ value: 'v1', storedAt: first.storedAt, staleBecause: null, freshUntil: first.storedAt + FRESH_MS });
    expect(loads()).toBe(1);
    expect(outcomes).toEqual(['miss', 'hit']);
  });

  it('loads again once the copy is no longer fresh', async () => {
    const { clock, reads, load } = setUp();
    await reads.read('bases', 'k', FRESH_MS, load('v1'));
    clock.advance(FRESH_MS);
    expect((await reads.read('bases', 'k', FRESH_MS, load('v2'))).value).toBe('v2');
  });

  it('runs one load for every reader of a key asking at the same time', async () => {
    const { reads, load, loads } = setUp();
    const answers = await Promise.all([1, 2, 3].map(() => reads.read('bases', 'k', FRESH_MS, load('v'))));
    expect(answers.map((a) => a.value)).toEqual(['v', 'v', 'v']);
    expect(loads()).toBe(1);
  });

  it('serves the last good copy, with the failure that made it stale, when the system is unavailable', async () => {
    const { clock, outcomes, reads, load } = setUp();
    const good = await reads.read('bases', 'k', FRESH_MS, load('v1'));
    clock.advance(FRESH_MS + STALE_MS - 1);
    expect(await reads.read('bases', 'k', FRESH_MS, failing)).toEqual({ value: 'v1', storedAt: good.storedAt, staleBecause: down, freshUntil: 0 });
    expect(outcomes).toEqual(['miss', 'stale']);
  });

  it('throws the failure when there is no copy to fall back on, or the failure is not the system being unavailable', async () => {
    const { reads, load } = setUp();
    await expect(reads.read('bases', 'k', FRESH_MS, failing)).rejects.toBe(down);
    await reads.read('bases', 'k2', 0, load('v1'));
    const bug = new TypeError('mapping bug');
    await expect(
      reads.read('bases', 'k2', 0, async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
  });

  it('keeps answering from the system when the cache itself fails', async () => {
    const broken: SharedCache = {
      state: 'down',
      get: async () => Promise.reject(new Error('cache down')),
      getMany: async () => Promise.reject(new Error('cache down')),
      set: async () => Promise.reject(new Error('cache down')),
      delete: async () => undefined,
      lease: async () => Promise.reject(new Error('cache down')),
      renew: async () => Promise.reject(new Error('cache down')),
      release: async () => false,
      close: async () => undefined,
    };
    const { reads, load } = setUp(broken);
    expect((await reads.read('bases', 'k', FRESH_MS, load('v'))).value).toBe('v');
  });
});

describe('legacyKey', () => {
  it('namespaces a key by province and kind', () => {
    expect(legacyKey('AH', 'bases', 'get', 'AHJD0001')).toBe('legacy:AH:bases:get:AHJD0001');
  });
});
