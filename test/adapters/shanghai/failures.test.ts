import { adapterFor as configuredAdapter } from '../../../adapters';
import { ShanghaiAdapter } from '../../../adapters/shanghai';
import { loadLegacySystems } from '../../../schema/config/legacy-config';
import { Clock } from '../../../adapters/kit/clock';
import { ProvinceUnavailableError } from '../../../adapters/kit/errors';
import { adapter, adapters, beforeEachTest, dataset, expectSame, FAST, good, KEY, NOW, setUp, sh, sim, tearDown, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('failures', () => {
  it('a wrong API key is ProvinceUnavailableError after one call', async () => {
    await expect(adapter('not-the-key').pull('warnings', null)).rejects.toMatchObject({ name: 'ProvinceUnavailableError', province: 'SH', code: 'PROVINCE_UNAVAILABLE' });
    expect(sim.calls.total()).toBe(1);
  });

  it('a 5xx on a read is retried', async () => {
    sim.faults.set({ errorRate: 0.5 });
    const a = adapter();
    await a.pull('bases', null);
    const result = await a.pull('bases', null);
    expect(result.records).toHaveLength(good('bases').length);
    expect(sim.calls.snapshot()).toEqual({ 'GET /api/v2/rescue/bases': 3 });
  });

  it('a system that keeps failing is ProvinceUnavailableError after the retries', async () => {
    sim.faults.set({ errorRate: 1 });
    await expect(adapter().pull('bases', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    expect(sim.calls.total()).toBe(3);
  });

  it('a malformed body or a dropped connection is ProvinceUnavailableError', async () => {
    sim.faults.set({ malformedRate: 1 });
    await expect(adapter().pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
    sim.faults.set({ malformedRate: 0, down: true });
    await expect(adapter().get('warnings', ['SHW-1'])).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('honours 429 Retry-After', async () => {
    await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: JSON.stringify({ limit: 1, windowMs: 1000 }) });
    try {
      const a = adapter();
      await a.getMutualAid('SHR-19990101-0001');
      const started = Date.now();
      expect(await a.getMutualAid('SHR-19990101-0001')).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: '{}' });
    }
  });
});

describe('quirks, through the adapter', () => {
  it('maps the abolished 310108 to 310106', async () => {
    const raw = (await (await fetch(`${url}/api/v2/warnings?pageSize=500`, { headers: { 'x-api-key': KEY } })).json()) as { items: { id: string; districts: string[] }[] };
    const zhabei = raw.items.filter((w) => w.districts.includes('310108')).map((w) => w.id);
    expect(zhabei.length).toBeGreaterThan(0);
    const records = (await adapter().get('warnings', zhabei)).records;
    expect(records).toHaveLength(zhabei.length);
    for (const r of records) {
      expect(r.areaCodes).toContain('310106');
      expect(r.areaCodes).not.toContain('310108');
    }
  });

  it('parses numbers written as strings', async () => {
    const raw = (await (await fetch(`${url}/api/v2/hazmat/enterprises?pageSize=500`, { headers: { 'x-api-key': KEY } })).json()) as {
      items: { id: string; chemicals: { reserveTon: unknown }[] }[];
    };
    const stringy = raw.items.filter((e) => e.chemicals.some((c) => typeof c.reserveTon === 'string')).map((e) => e.id);
    expect(stringy.length).toBeGreaterThan(0);
    const records = (await adapter().get('enterprises', stringy)).records;
    for (const r of records) expectSame(r.chemicals, sh(dataset.enterprises).find((e) => e.sourceId === r.sourceId)?.chemicals);
  });
});

describe('configuration', () => {
  it('reads LEGACY_SH_URL and LEGACY_SH_API_KEY', async () => {
    const a = configuredAdapter('SH', loadLegacySystems({ LEGACY_SH_URL: url, LEGACY_SH_API_KEY: KEY }), Clock.startingAt(NOW), FAST) as ShanghaiAdapter;
    adapters.push(a);
    expect(a.province).toBe('SH');
    expect(a.system).toBe('SH api/v2');
    expect((await a.get('bases', [good('bases')[0].sourceId])).records).toHaveLength(1);
  });
});
