import { ZhejiangAdapter } from '../../../adapters/zhejiang';
import { Clock } from '../../../adapters/kit/clock';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { CallInfo } from '../../../adapters/kit/http';
import { adapterFor, badOf, beforeEachTest, calls, CREDENTIALS, expectMatchesDataset, extraAdapters, goodOf, NOW, setUp, sim, simClock, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('authentication for the life of the process', () => {
  it('fetches the token lazily, once for concurrent calls', async () => {
    const fresh = adapterFor(url);
    expect(calls()).toEqual({});
    await Promise.all([fresh.get('bases', ['ZJJD-001']), fresh.get('warnings', ['x']), fresh.track('浙B12345', new Date(0), NOW)]);
    expect(calls()['POST /zlj/open/oauth/token']).toBe(1);
  });

  it('renews an expired token transparently with exactly one extra token call', async () => {
    const fresh = adapterFor(url);
    await fresh.pull('bases', null);
    simClock.advance(601_000);
    sim.calls.reset();
    const mapped = await fresh.pull('bases', null);
    expect(mapped.records.length).toBe(goodOf('bases').length);
    expect(calls()['POST /zlj/open/oauth/token']).toBe(1);
  });

  it('renews the token before it expires by its own clock', async () => {
    /** The adapter's clock, moved by the test while the system's stays put. */
    class MovableClock extends Clock {
      shiftMs = 0;
      override now(): Date {
        return new Date(super.now().getTime() + this.shiftMs);
      }
    }
    const clock = new MovableClock(NOW.getTime() - Date.now());
    const fresh = new ZhejiangAdapter({ baseUrl: url, credentials: CREDENTIALS, clock });
    extraAdapters.push(fresh);
    await fresh.get('bases', ['ZJJD-001']);
    clock.shiftMs = 590_000;
    sim.calls.reset();
    await fresh.get('bases', ['ZJJD-001']);
    expect(calls()).toEqual({ 'POST /zlj/open/oauth/token': 1, 'POST /zlj/open/jy/jd/list/batch': 1 });
  });

  it('fails clearly with wrong client credentials (CLIENT_INVALID → ProvinceUnavailableError)', async () => {
    const wrong = adapterFor(url, { credentials: { clientId: 'demo-zj-client', clientSecret: 'nope' } });
    const err = await wrong.pull('warnings', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvinceUnavailableError);
    expect((err as ProvinceUnavailableError).message).toMatch(/CLIENT_INVALID/);
    expect((err as ProvinceUnavailableError).province).toBe('ZJ');
  });
});

describe('a cursor that expires mid-pull', () => {
  it('restarts from the last gxsj seen and still yields every record once', async () => {
    let advanced = false;
    const statuses: CallInfo['status'][] = [];
    const hooked = adapterFor(url, {
      onCall: (info) => {
        if (info.endpoint === 'GET /zlj/open/whp/yd/list') statuses.push(info.status);
        if (!advanced && info.endpoint === 'GET /zlj/open/whp/yd/list' && info.status === 200) {
          advanced = true;
          simClock.advance(11 * 60_000);
        }
      },
    });
    const mapped = await hooked.pull('waybills', null);
    expect(advanced).toBe(true);
    expectMatchesDataset('waybills', mapped, goodOf('waybills'), badOf('waybills').map((b) => b.record.sourceId));
    // first page; second page refused for the token (401), then for the cursor (400 CURSOR_EXPIRED); then the restart
    expect(statuses.slice(0, 4)).toEqual([200, 401, 400, 200]);
  });
});
