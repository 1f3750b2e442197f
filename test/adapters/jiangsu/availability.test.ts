import { adapterFor as configuredAdapter } from '../../../adapters';
import { JiangsuAdapter } from '../../../adapters/jiangsu';
import { loadLegacySystems } from '../../../schema/config/legacy-config';
import { Clock } from '../../../adapters/kit/clock';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import { adapter, adapterFor, adapters, CREDENTIALS, FAST, mine, NOW, s, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('signature and availability', () => {
  it('a clock skewed beyond 300 s is refused by the system: ProvinceUnavailableError', async () => {
    const skewed = adapterFor(s.url, Clock.startingAt(new Date(NOW.getTime() + 10 * 60_000)));
    await expect(skewed.pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    const behind = adapterFor(s.url, Clock.startingAt(new Date(NOW.getTime() - 10 * 60_000)));
    await expect(behind.get('bases', ['JSB0001'])).rejects.toMatchObject({ code: 'PROVINCE_UNAVAILABLE', province: 'JS' });
  });

  it('a correct clock, and one a little off, are accepted', async () => {
    const slightly = adapterFor(s.url, Clock.startingAt(new Date(NOW.getTime() + 60_000)));
    expect((await slightly.pull('bases', null)).records.length).toBe(mine(s.dataset.bases).length);
  });

  it('a wrong secret is refused: ProvinceUnavailableError', async () => {
    const wrong = adapterFor(s.url, Clock.startingAt(NOW), { ...CREDENTIALS, appSecret: 'nope' });
    await expect(wrong.pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  describe('faults', () => {
    afterEach(async () => {
      await fetch(`${s.url}/__sim/faults/reset`, { method: 'POST' });
    });
    it.each([
      ['a 5xx', { errorRate: 1 }],
      ['a malformed body', { malformedRate: 1 }],
      ['a dropped connection', { down: true }],
    ])('%s is ProvinceUnavailableError', async (_what, faults) => {
      await fetch(`${s.url}/__sim/faults`, { method: 'POST', body: JSON.stringify(faults) });
      await expect(adapter.pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    });
  });

  it('reads its address and credentials from LEGACY_JS_*', async () => {
    const fromEnv = configuredAdapter('JS', loadLegacySystems({ LEGACY_JS_URL: s.url, LEGACY_JS_APP_ID: CREDENTIALS.appId, LEGACY_JS_APP_SECRET: CREDENTIALS.appSecret }), Clock.startingAt(NOW), FAST) as JiangsuAdapter;
    adapters.push(fromEnv);
    expect(fromEnv).toMatchObject({ province: 'JS', system: 'JS jsyj' });
    expect((await fromEnv.get('bases', [mine(s.dataset.bases)[0].sourceId])).records).toHaveLength(1);
  });
});
