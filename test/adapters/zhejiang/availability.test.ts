import { adapterFor as configuredAdapter } from '../../../adapters';
import { ZhejiangAdapter } from '../../../adapters/zhejiang';
import { loadLegacySystems } from '../../../schema/config/legacy-config';
import { Clock } from '../../../adapters/kit/clock';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import { SimClock } from '../../../simulators/common/clock';
import { createZhejiangSimulator } from '../../../simulators/zhejiang';
import { adapterFor, beforeEachTest, CREDENTIALS, dataset, extraAdapters, goodOf, NOW, setUp, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('the system unavailable', () => {
  afterEach(async () => {
    await fetch(`${url}/__sim/faults/reset`, { method: 'POST' });
  });

  it.each([
    ['its 5xx', { errorRate: 1 }],
    ['a malformed body', { malformedRate: 1 }],
    ['a dropped connection', { down: true }],
  ])('turns %s into ProvinceUnavailableError', async (_what, faults) => {
    const a = adapterFor(url);
    await a.get('bases', ['ZJJD-001']);
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify(faults) });
    await expect(a.pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('answers the maintenance window (02:00–02:30 Beijing time) with ProvinceUnavailableError, without waiting it out', async () => {
    const night = new SimClock(new Date('2026-07-13T02:05:00+08:00'));
    const server = createZhejiangSimulator({ dataset, clock: night, credentials: CREDENTIALS });
    const base = await server.listen(0);
    try {
      const started = Date.now();
      await expect(adapterFor(base).pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('is unreachable when nothing listens: ProvinceUnavailableError', async () => {
    const server = createZhejiangSimulator({ dataset, clock: new SimClock(NOW), credentials: CREDENTIALS });
    const gone = await server.listen(0);
    await server.close();
    await expect(adapterFor(gone).get('bases', ['ZJJD-001'])).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });
});

describe('the configured Zhejiang adapter', () => {
  it('reads LEGACY_ZJ_URL and the client credentials', async () => {
    const a = configuredAdapter('ZJ', loadLegacySystems({ LEGACY_ZJ_URL: url, LEGACY_ZJ_CLIENT_ID: 'demo-zj-client', LEGACY_ZJ_CLIENT_SECRET: 'demo-zj-secret' }), Clock.startingAt(NOW)) as ZhejiangAdapter;
    extraAdapters.push(a);
    expect([a.province, a.system]).toEqual(['ZJ', 'ZJ zlj open']);
    const id = goodOf('bases')[0].sourceId;
    expect((await a.get('bases', [id])).records.map((b) => b.sourceId)).toEqual([id]);
  });
});
