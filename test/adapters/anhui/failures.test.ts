import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import { adapter, admin, afterEachTest, ah, calls, clock, dataset, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('authentication for the life of the process', () => {
  it('logs in lazily once for concurrent calls, and once more after the token expires', async () => {
    const a = adapter();
    await admin('/__sim/calls/reset', {});
    await Promise.all([a.get('bases', [ah(dataset.bases)[0].sourceId]), a.get('enterprises', [ah(dataset.enterprises)[0].sourceId]), a.getMutualAid('AHQQ000001')]);
    expect((await calls())['POST /ahyj/api/login']).toBe(1);
    clock.advance(2 * 3600_000 + 60_000);
    const { records } = await a.get('bases', [ah(dataset.bases)[1].sourceId]);
    expect(records).toHaveLength(1);
    const after = await calls();
    expect(after['POST /ahyj/api/login']).toBe(2);
    expect(after['GET /ahyj/api/jydw/jdxx/detail']).toBe(3);
  });

  it('a refused login is ProvinceUnavailableError', async () => {
    await expect(adapter(undefined, 'wrong').pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });
});

describe('when the system misbehaves', () => {
  it('its HTML 503 page becomes ProvinceUnavailableError', async () => {
    await admin('/__sim/faults', { errorRate: 1 });
    await expect(adapter({ retries: 1, backoff: { initialMs: 1, maxMs: 5 } }).pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('a malformed body becomes ProvinceUnavailableError', async () => {
    const a = adapter();
    await a.get('bases', [ah(dataset.bases)[0].sourceId]);
    await admin('/__sim/faults', { malformedRate: 1 });
    await expect(a.pull('bases', null)).rejects.toThrow(/malformed/);
    await expect(a.pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('a system that is down becomes ProvinceUnavailableError', async () => {
    await admin('/__sim/faults', { down: true });
    await expect(adapter({ retries: 0 }).getMutualAid('AHQQ000001')).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });
});
