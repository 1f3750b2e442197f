import { XMLValidator } from 'fast-xml-parser';
import { BASE, call, control, read, setUp, sign, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('errors, faults and counters', () => {
  afterEach(async () => {
    await control('/__sim/faults/reset', {});
  });

  it('answers an unknown operation with code 404 in its XML envelope', async () => {
    const a = await call('WarningService/delete');
    expect(a).toMatchObject({ status: 200, code: '404' });
  });

  it('injected server errors are HTTP 500 with code 5000', async () => {
    await control('/__sim/faults', { errorRate: 1 });
    const res = await fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) });
    expect(res.status).toBe(500);
    expect(read(res.status, await res.text()).code).toBe('5000');
  });

  it('injected malformed answers are XML that does not parse', async () => {
    await control('/__sim/faults', { malformedRate: 1 });
    const res = await fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) });
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(await res.text())).not.toBe(true);
  });

  it('a system that is down drops the connection', async () => {
    await control('/__sim/faults', { down: true });
    await expect(fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) })).rejects.toThrow();
  });

  it('counts calls per endpoint', async () => {
    await control('/__sim/calls/reset', {});
    await call('RescueService/baseList');
    await call('RescueService/baseList', { offset: 20 });
    await call('RescueService/baseGet', { ids: 'JSB0001' });
    const counted = (await control('/__sim/calls')) as { total: number; calls: Record<string, number> };
    expect(counted).toEqual({ total: 3, calls: { 'GET /jsyj/services/RescueService/baseGet': 1, 'GET /jsyj/services/RescueService/baseList': 2 } });
  });
});
