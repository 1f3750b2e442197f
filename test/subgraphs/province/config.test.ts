import { DEFAULT_CACHE_TTLS } from '../../../adapters/kit/cache/ttl';
import { loadProvinceSubgraphConfig } from '../../../subgraphs/province/config';
import { DEFAULT_RECONCILE } from '../../../subgraphs/province/reconcile-config';

const provincesFromEnv = (env: Record<string, string>) => loadProvinceSubgraphConfig(env).provinces;

describe('loadProvinceSubgraphConfig: PROVINCE, PORT of a province subgraph process', () => {
  it('reads one province, on its default port or PORT', () => {
    expect(provincesFromEnv({ PROVINCE: 'ah' })).toEqual([{ province: 'AH', port: 4204 }]);
    expect(provincesFromEnv({ PROVINCE: 'SH', PORT: '5001' })).toEqual([{ province: 'SH', port: 5001 }]);
  });

  it('reads several, each with the port in the same place of PORT, or each on its default', () => {
    expect(provincesFromEnv({ PROVINCE: 'SH, JS,ZJ,AH', PORT: '5001,5002, 5003,5004' })).toEqual([
      { province: 'SH', port: 5001 },
      { province: 'JS', port: 5002 },
      { province: 'ZJ', port: 5003 },
      { province: 'AH', port: 5004 },
    ]);
    expect(provincesFromEnv({ PROVINCE: 'JS,AH' })).toEqual([
      { province: 'JS', port: 4202 },
      { province: 'AH', port: 4204 },
    ]);
  });

  it.each([
    [{}, /PROVINCE="": must be one or more of SH, JS, ZJ, AH/],
    [{ PROVINCE: 'SH,XX' }, /PROVINCE="SH,XX": must be one or more of SH, JS, ZJ, AH/],
    [{ PROVINCE: 'SH,SH' }, /PROVINCE="SH,SH": names one twice/],
    [{ PROVINCE: 'SH,JS', PORT: '5001' }, /PORT="5001": must list one port for each of PROVINCE's 2/],
    [{ PROVINCE: 'SH,JS', PORT: '5001,' }, /PORT="5001,": not a port/],
    [{ PROVINCE: 'SH', PORT: '70000' }, /PORT="70000": not a port/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => provincesFromEnv(env)).toThrow(message);
  });
});

describe('loadProvinceSubgraphConfig: the rest of a province subgraph process', () => {
  it('starts the clock at CLOCK_NOW, ignores an empty one and refuses an unreadable one', () => {
    expect(loadProvinceSubgraphConfig({ PROVINCE: 'SH', CLOCK_NOW: '2026-07-12T08:30:00+08:00' }).clockStart?.toISOString()).toBe('2026-07-12T00:30:00.000Z');
    expect(loadProvinceSubgraphConfig({ PROVINCE: 'SH', CLOCK_NOW: ' ' }).clockStart).toBeNull();
    expect(() => loadProvinceSubgraphConfig({ PROVINCE: 'SH', CLOCK_NOW: 'tomorrow' })).toThrow('CLOCK_NOW');
  });

  it("keeps the cache's own defaults and the legacy client's when nothing is set", () => {
    const config = loadProvinceSubgraphConfig({ PROVINCE: 'SH' });
    expect(config.ttls).toEqual(DEFAULT_CACHE_TTLS);
    expect(config.reconcile).toEqual(DEFAULT_RECONCILE);
    expect(config.http).toEqual({});
    expect(config.pullWindowMs).toBeNull();
    expect(config.legacy.SH).toEqual({ baseUrl: 'http://127.0.0.1:4101', credentials: { apiKey: 'demo-sh-key' } });
  });

  it('reads how often each copy reconciles, and how long tombstones last', () => {
    const config = loadProvinceSubgraphConfig({ PROVINCE: 'SH', RECONCILE_WARNINGS_MS: '0', RECONCILE_BASES_MS: '1000', TOMBSTONE_RETENTION_MS: '5000' });
    expect(config.reconcile).toEqual({ ...DEFAULT_RECONCILE, intervalMs: { ...DEFAULT_RECONCILE.intervalMs, warnings: 0, bases: 1000 }, tombstoneRetentionMs: 5000 });
    expect(() => loadProvinceSubgraphConfig({ PROVINCE: 'SH', RECONCILE_WAYBILLS_MS: 'soon' })).toThrow(/RECONCILE_WAYBILLS_MS/);
  });

  it('reads the legacy client tuning, and refuses a rate without a concurrency', () => {
    const env = { PROVINCE: 'AH', LEGACY_TIMEOUT_MS: '300', LEGACY_BACKOFF_MAX_MS: '50', LEGACY_RATE_PER_SECOND: '5', LEGACY_CONCURRENCY: '2' };
    expect(loadProvinceSubgraphConfig(env).http).toEqual({ timeoutMs: 300, backoff: { maxMs: 50 }, rateLimit: { perSecond: 5, concurrency: 2 } });
    expect(() => loadProvinceSubgraphConfig({ PROVINCE: 'AH', LEGACY_RATE_PER_SECOND: '5' })).toThrow(/LEGACY_RATE_PER_SECOND.*LEGACY_CONCURRENCY/);
  });

  it('names every invalid variable in one error with a code', () => {
    let error: unknown;
    try {
      loadProvinceSubgraphConfig({ PROVINCE: 'SH', CACHE_TTL_WARNINGS_MS: 'soon', REDIS_CLUSTER: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', problems: [expect.objectContaining({ variable: 'REDIS_CLUSTER' }), expect.objectContaining({ variable: 'CACHE_TTL_WARNINGS_MS' })] });
  });
});
