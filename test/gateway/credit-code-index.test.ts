import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { CreditCodeIndex } from '../../gateway/shard-router/credit-code-index';
import { routeCreditCodeBy } from '../../gateway/shard-router/credit-code-route';
import { ShardRouter } from '../../gateway/shard-router/shard-router';
import type { ProvinceCode } from '../../schema/model';
import { MINI_SDL, MiniShardTransport, code, compareMiniKeys, type MiniShardData, emptyShardData } from '../fixtures/shard-router/mini-shards';

/**
 * The shard router's index of which province holds which credit code, and routing by it: loaded
 * from the shards' creditCodeHoldings on first need, refreshed when a part's copy is past its
 * maximum age or a shard announces a newer copy, one load per province at a time.
 */

const SEAT = code('31', 1);
const KUNSHAN = code('31', 2);
const TWICE = code('33', 3);
const SHANDONG = code('37', 4);

function fixture(): Record<ProvinceCode, MiniShardData> {
  const data: Record<ProvinceCode, MiniShardData> = { SH: emptyShardData(), JS: emptyShardData(), ZJ: emptyShardData(), AH: emptyShardData() };
  data.SH.enterprises = [{ id: 'SH:HazmatEnterprise:1', creditCode: SEAT, name: '上海总部', updatedAt: '2026-07-05T00:00:00+08:00' }];
  data.JS.enterprises = [
    { id: 'JS:HazmatEnterprise:1', creditCode: SEAT, name: '苏州分公司', updatedAt: '2026-07-01T00:00:00+08:00' },
    { id: 'JS:HazmatEnterprise:2', creditCode: KUNSHAN, name: '昆山仓库', updatedAt: '2026-07-02T00:00:00+08:00' },
    { id: 'JS:HazmatEnterprise:3', creditCode: TWICE, name: '南通厂', updatedAt: '2026-07-03T00:00:00+08:00' },
  ];
  data.AH.enterprises = [
    { id: 'AH:HazmatEnterprise:1', creditCode: TWICE, name: '芜湖厂', updatedAt: '2026-07-02T00:00:00+08:00' },
    { id: 'AH:HazmatEnterprise:2', creditCode: SHANDONG, name: '合肥仓库', updatedAt: '2026-07-02T00:00:00+08:00' },
  ];
  data.JS.waybills = [{ id: 'JS:Waybill:YD1', number: 'YD1', plate: '苏A12345', destination: { name: '昆山仓库', creditCode: KUNSHAN }, departedAt: null }];
  data.ZJ.waybills = [{ id: 'ZJ:Waybill:YD2', number: 'YD2', plate: '浙A12345', destination: { name: '芜湖厂', creditCode: TWICE }, departedAt: null }];
  return data;
}

function setup(options: { now?: () => number } = {}) {
  const data = fixture();
  const transport = new MiniShardTransport(data);
  const creditCodes = new CreditCodeIndex({ transport, provinces: ['SH', 'JS', 'ZJ', 'AH'], timeoutMs: 1000, ...options });
  const router = new ShardRouter({ transport, sdl: MINI_SDL, compareKeys: compareMiniKeys, creditCodes });
  return { data, transport, router, creditCodes };
}

async function fetch(router: ShardRouter, query: string): Promise<GatewayGraphQLResponse> {
  return router.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query, variables: {} }, context: {}, incomingRequestContext: {} as never });
}

const byCode = (c: string): string => `{ e: hazmatEnterprise(creditCode: "${c}") { id name } }`;
const dataCalls = (t: MiniShardTransport): ProvinceCode[] => t.calls.filter((c) => !c.query.includes('creditCodeHoldings')).map((c) => c.province);

describe('credit-code index and routing by it', () => {
  it('loads every province once on the first lookup, then asks only the province that answers', async () => {
    const { router, transport } = setup();
    const first = await fetch(router, byCode(KUNSHAN));
    expect(first.data).toEqual({ e: { id: 'JS:HazmatEnterprise:2', name: '昆山仓库' } });
    expect(transport.holdingsLoads().sort()).toEqual(['AH', 'JS', 'SH', 'ZJ']);
    expect(dataCalls(transport)).toEqual(['JS']);
    transport.calls.length = 0;
    for (const c of [SEAT, KUNSHAN, TWICE, SHANDONG]) await fetch(router, byCode(c));
    expect(transport.holdingsLoads()).toEqual([]);
    expect(dataCalls(transport)).toEqual(['SH', 'JS', 'AH', 'AH']);
  });

  it('answers the registering province first, else the oldest record, else null (OUTSIDE_REGION outside the region) without asking anyone', async () => {
    const { router, transport } = setup();
    await fetch(router, byCode(SEAT));
    transport.calls.length = 0;
    const res = await fetch(router, `{ seat: hazmatEnterprise(creditCode: "${SEAT}") { id } twice: hazmatEnterprise(creditCode: "${TWICE}") { id } shandong: hazmatEnterprise(creditCode: "${SHANDONG}") { id } none: hazmatEnterprise(creditCode: "${code('32', 9)}") { id } away: hazmatEnterprise(creditCode: "${code('44', 9)}") { id } }`);
    expect(res.data).toEqual({ seat: { id: 'SH:HazmatEnterprise:1' }, twice: { id: 'AH:HazmatEnterprise:1' }, shandong: { id: 'AH:HazmatEnterprise:2' }, none: null, away: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['away'], 'OUTSIDE_REGION']]);
    expect(dataCalls(transport).sort()).toEqual(['AH', 'SH']);
  });

  it('resolves cross-shard references by the same rule, in one request per holding province', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, '{ a: waybill(id: "JS:Waybill:YD1") { destination { enterprise { id } } } b: waybill(id: "ZJ:Waybill:YD2") { destination { enterprise { id } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: { destination: { enterprise: { id: 'JS:HazmatEnterprise:2' } } }, b: { destination: { enterprise: { id: 'AH:HazmatEnterprise:1' } } } });
    expect(dataCalls(transport).sort()).toEqual(['AH', 'JS', 'JS', 'ZJ']);
  });

  it('while a province cannot say what it holds, asks the registering province first and the others it does not know', async () => {
    const { router, transport } = setup();
    transport.down.add('SH');
    const res = await fetch(router, byCode(KUNSHAN));
    expect(res.data).toEqual({ e: { id: 'JS:HazmatEnterprise:2', name: '昆山仓库' } });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PROVINCE_UNAVAILABLE']);
    expect(dataCalls(transport).sort()).toEqual(['JS', 'SH']);
  });

  it('refreshes a part once its copy is past its maximum age, answering from the old part meanwhile; an unchanged etag brings no holdings', async () => {
    let now = 0;
    const { router, transport, data } = setup({ now: () => now });
    await fetch(router, byCode(KUNSHAN));
    data.ZJ.enterprises.push({ id: 'ZJ:HazmatEnterprise:9', creditCode: KUNSHAN, name: '嘉兴仓库', updatedAt: '2026-06-01T00:00:00+08:00' });
    transport.calls.length = 0;
    now = 59_000;
    expect((await fetch(router, byCode(KUNSHAN))).data).toEqual({ e: { id: 'JS:HazmatEnterprise:2', name: '昆山仓库' } });
    expect(transport.holdingsLoads()).toEqual([]);
    now = 60_000;
    await fetch(router, byCode(KUNSHAN));
    expect(transport.holdingsLoads().sort()).toEqual(['AH', 'JS', 'SH', 'ZJ']);
    expect(transport.calls.filter((c) => c.province === 'SH' && c.query.includes('creditCodeHoldings'))[0].variables?.etag).toEqual(expect.any(String));
    expect((await fetch(router, byCode(KUNSHAN))).data).toEqual({ e: { id: 'ZJ:HazmatEnterprise:9', name: '嘉兴仓库' } });
  });

  it('gives the same view while no part changed, and a new one once a part did (routes are kept with their view)', async () => {
    let now = 0;
    const { creditCodes, data } = setup({ now: () => now });
    const first = await creditCodes.view({});
    expect(await creditCodes.view({})).toBe(first);
    expect(routeCreditCodeBy(KUNSHAN, first)).toBe(routeCreditCodeBy(KUNSHAN, first));
    expect(Object.isFrozen(routeCreditCodeBy(KUNSHAN, first))).toBe(true);
    expect(routeCreditCodeBy(KUNSHAN, first)).toMatchObject({ province: 'JS' });
    // Past the maximum age with nothing changed: the etag is the same, the parts and the view too.
    now = 60_000;
    await creditCodes.view({});
    await new Promise((resolve) => setImmediate(resolve));
    expect(await creditCodes.view({})).toBe(first);
    data.ZJ.enterprises.push({ id: 'ZJ:HazmatEnterprise:9', creditCode: KUNSHAN, name: '嘉兴仓库', updatedAt: '2026-06-01T00:00:00+08:00' });
    now = 120_000;
    await creditCodes.view({});
    await new Promise((resolve) => setImmediate(resolve));
    const changed = await creditCodes.view({});
    expect(changed).not.toBe(first);
    expect(routeCreditCodeBy(KUNSHAN, changed)).toMatchObject({ province: 'ZJ' });
  });

  it('refreshes a part when its shard announces a newer copy in an answer', async () => {
    const { router, transport, data } = setup();
    await fetch(router, byCode(SHANDONG));
    data.SH.enterprises.push({ id: 'SH:HazmatEnterprise:7', creditCode: SHANDONG, name: '浦东仓库', updatedAt: '2026-06-01T00:00:00+08:00' });
    data.SH.holdingsSyncedAt = 2;
    transport.calls.length = 0;
    await fetch(router, '{ warning(id: "SH:Warning:1") { id } }');
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.holdingsLoads()).toEqual(['SH']);
    expect((await fetch(router, byCode(SHANDONG))).data).toEqual({ e: { id: 'SH:HazmatEnterprise:7', name: '浦东仓库' } });
  });

  it('shares one load per province between concurrent lookups, and waits no longer than its bound for a slow one', async () => {
    const { transport, creditCodes } = setup();
    const views = await Promise.all([creditCodes.view({}), creditCodes.view({}), creditCodes.view({})]);
    expect(transport.holdingsLoads().sort()).toEqual(['AH', 'JS', 'SH', 'ZJ']);
    expect(views[2].get('JS')?.get(KUNSHAN)).toBe(Date.parse('2026-07-02T00:00:00+08:00'));
    const stuck = new CreditCodeIndex({ transport: { send: () => new Promise(() => undefined) }, provinces: ['SH'], timeoutMs: 60_000, waitMs: 20 });
    const started = Date.now();
    expect((await stuck.view({})).get('SH')).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
