import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { ShardRouter } from '../../gateway/shard-router/shard-router';
import { ShardFailure, type ShardCall, type ShardRequest, type ShardResponse } from '../../gateway/shard-router/shard-transport';
import type { ProvinceCode } from '../../schema/model';
import { MINI_SDL, MiniShardTransport, compareMiniKeys, type MiniOrg, type MiniShardData, emptyShardData } from '../fixtures/shard-router/mini-shards';
import { isProvince } from '../../gateway/shard-router/shard-code';

/**
 * resourceView with updatedSince: an organisation whose base changed in one province comes back
 * complete, with its parts from every province, and totalCount counts each organisation once.
 */

const OLD = '2026-07-01T08:00:00+08:00';
const NEW = '2026-07-12T08:00:00+08:00';
const SINCE = '2026-07-10T00:00:00+08:00';


function org(key: string, province: ProvinceCode, bases: [string, string][], members: number, creditCode = true): MiniOrg {
  return {
    key,
    name: `${key} (${province})`,
    totalMembers: members,
    materials: [{ code: 'FH-001', name: '防化服', quantity: members, unit: '套' }],
    creditCode: creditCode ? key : undefined,
    bases: bases.map(([id, updatedAt]) => ({ id, updatedAt })),
  };
}

/**
 * C1 is held by SH, JS and ZJ and changed in JS only; C2 by SH and ZJ, changed in SH; C3 by JS and
 * AH, changed in AH; C4 by SH and JS, unchanged. S1, Z1 and A1 have no credit code (one province each).
 */
function fixture(): Record<ProvinceCode, MiniShardData> {
  const data: Record<ProvinceCode, MiniShardData> = { SH: emptyShardData(), JS: emptyShardData(), ZJ: emptyShardData(), AH: emptyShardData() };
  data.SH.orgs = [
    org('C1', 'SH', [['SH:RescueBase:B1', OLD]], 1),
    org('C2', 'SH', [['SH:RescueBase:B2', NEW]], 2),
    org('C4', 'SH', [['SH:RescueBase:B4', OLD]], 4),
    org('SH:RescueBase:S1', 'SH', [['SH:RescueBase:S1', NEW]], 8, false),
  ];
  data.JS.orgs = [
    org('C1', 'JS', [['JS:RescueBase:B1', NEW], ['JS:RescueBase:B1b', OLD]], 10),
    org('C3', 'JS', [['JS:RescueBase:B3', OLD]], 30),
    org('C4', 'JS', [['JS:RescueBase:B4', OLD]], 40),
  ];
  data.ZJ.orgs = [
    org('C1', 'ZJ', [['ZJ:RescueBase:B1', OLD]], 100),
    org('C2', 'ZJ', [['ZJ:RescueBase:B2', OLD]], 200),
    org('ZJ:RescueBase:Z1', 'ZJ', [['ZJ:RescueBase:Z1', NEW]], 800, false),
  ];
  data.AH.orgs = [
    org('C3', 'AH', [['AH:RescueBase:B3', NEW]], 300),
    org('AH:RescueBase:A1', 'AH', [['AH:RescueBase:A1', OLD]], 1000, false),
  ];
  return data;
}

/** The organisations changed since SINCE, each with all its parts: what every pull must return. */
const CHANGED = [
  { key: 'AH:RescueBase:A1', changed: false },
  { key: 'C1', provinces: ['SH', 'JS', 'ZJ'], bases: ['JS:RescueBase:B1', 'JS:RescueBase:B1b', 'SH:RescueBase:B1', 'ZJ:RescueBase:B1'], totalMembers: 111, updatedAt: NEW },
  { key: 'C2', provinces: ['SH', 'ZJ'], bases: ['SH:RescueBase:B2', 'ZJ:RescueBase:B2'], totalMembers: 202, updatedAt: NEW },
  { key: 'C3', provinces: ['JS', 'AH'], bases: ['AH:RescueBase:B3', 'JS:RescueBase:B3'], totalMembers: 330, updatedAt: NEW },
  { key: 'SH:RescueBase:S1', provinces: ['SH'], bases: ['SH:RescueBase:S1'], totalMembers: 8, updatedAt: NEW },
  { key: 'ZJ:RescueBase:Z1', provinces: ['ZJ'], bases: ['ZJ:RescueBase:Z1'], totalMembers: 800, updatedAt: NEW },
].filter((o) => o.changed !== false);

class PartsFailingTransport extends MiniShardTransport {
  readonly partsDown = new Set<ProvinceCode>();
  override async send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    const province = call.province;
    if (isProvince(province) && this.partsDown.has(province) && request.query.includes('keys:')) {
      this.calls.push({ province, query: request.query, variables: request.variables });
      throw new ShardFailure(call.province, 'PROVINCE_UNAVAILABLE', `${call.province} subgraph unreachable`);
    }
    return super.send(call, request);
  }
}

function setup(): { router: ShardRouter; transport: PartsFailingTransport } {
  const transport = new PartsFailingTransport(fixture());
  const router = new ShardRouter({ transport, sdl: MINI_SDL, compareKeys: compareMiniKeys });
  return { router, transport };
}

async function fetch(router: ShardRouter, query: string, variables: Record<string, unknown> = {}): Promise<GatewayGraphQLResponse> {
  return router.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query, variables }, context: {}, incomingRequestContext: {} as never });
}

interface OrgNode { key: string; provinces: string[]; bases: { id: string }[]; totalMembers: number; updatedAt: string | null; materials: { quantity: number }[] }
interface OrgPage { edges: { cursor: string; node: OrgNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number; unavailableProvinces: string[] }

const QUERY = `query($since: String, $first: Int, $after: String) {
  resourceView(updatedSince: $since, first: $first, after: $after) {
    edges { cursor node { key provinces bases { id } totalMembers updatedAt materials { code unit quantity } } }
    pageInfo { hasNextPage endCursor }
    totalCount
    unavailableProvinces
  }
}`;

const view = (node: OrgNode) => ({
  key: node.key,
  provinces: node.provinces,
  bases: node.bases.map((b) => b.id).sort(),
  totalMembers: node.totalMembers,
  updatedAt: node.updatedAt,
});

async function pull(router: ShardRouter, first: number, since?: string): Promise<{ nodes: OrgNode[]; totals: number[] }> {
  const nodes: OrgNode[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(router, QUERY, { since, first, after });
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    const page = res.data?.resourceView as OrgPage;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    nodes.push(...page.edges.map((e) => e.node));
    totals.push(page.totalCount);
    if (!page.pageInfo.hasNextPage) return { nodes, totals };
    after = page.pageInfo.endCursor;
  }
  throw new Error('no end after 20 pages');
}

describe('shard router: resourceView with updatedSince, complete in every province', () => {
  it('returns each organisation with any changed base once, with its parts from every province', async () => {
    const { router } = setup();
    const res = await fetch(router, QUERY, { since: SINCE, first: 10 });
    expect(res.errors).toBeUndefined();
    const page = res.data?.resourceView as OrgPage;
    expect(page.edges.map((e) => view(e.node))).toEqual(CHANGED);
    expect(page.edges[0].node.materials).toEqual([{ code: 'FH-001', unit: '套', quantity: 111 }]);
    expect(page.totalCount).toBe(CHANGED.length);
    expect(page.unavailableProvinces).toEqual([]);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  for (const first of [1, 2, 3]) {
    it(`pulled in pages of ${first}, neither skips nor repeats an organisation, and totalCount is exact on every page`, async () => {
      const { router } = setup();
      const { nodes, totals } = await pull(router, first, SINCE);
      expect(nodes.map(view)).toEqual(CHANGED);
      expect(new Set(totals)).toEqual(new Set([CHANGED.length]));
    });
  }

  it('asks each province at most once more per page, for the page organisations it did not return', async () => {
    const { router, transport } = setup();
    await fetch(router, QUERY, { since: SINCE, first: 2 });
    const parts = transport.calls.filter((c) => c.query.includes('keys:'));
    const asked = Object.fromEntries(parts.map((c) => [c.province, [...c.query.matchAll(/keys: \[([^\]]*)\]/g)].map((m) => m[1])]));
    // The first page is C1 (from JS's page) and C2 (from SH's page).
    expect(asked).toEqual({ SH: ['"C1"'], JS: ['"C2"'], ZJ: ['"C1", "C2"'], AH: ['"C1", "C2"'] });
    expect(transport.calls).toHaveLength(8);
    expect(parts.every((c) => !c.query.includes('updatedSince') && !c.query.includes('after'))).toBe(true);
  });

  it('without updatedSince asks no province twice, and counts an organisation held by several provinces once', async () => {
    const { router, transport } = setup();
    const { nodes, totals } = await pull(router, 3);
    expect(nodes.map((n) => n.key)).toEqual(['AH:RescueBase:A1', 'C1', 'C2', 'C3', 'C4', 'SH:RescueBase:S1', 'ZJ:RescueBase:Z1']);
    expect(nodes.find((n) => n.key === 'C1')?.totalMembers).toBe(111);
    expect(new Set(totals)).toEqual(new Set([7]));
    expect(transport.calls.filter((c) => c.query.includes('keys:'))).toHaveLength(0);
  });

  it('a province that fails to give its parts is named in unavailableProvinces and in an error, and keeps nothing else from answering', async () => {
    const { router, transport } = setup();
    transport.partsDown.add('ZJ');
    const res = await fetch(router, QUERY, { since: SINCE, first: 10 });
    const page = res.data?.resourceView as OrgPage;
    expect(page.unavailableProvinces).toEqual(['ZJ']);
    expect(res.errors).toEqual([expect.objectContaining({ path: ['resourceView'], extensions: expect.objectContaining({ code: 'PROVINCE_UNAVAILABLE', province: 'ZJ' }) })]);
    expect(page.edges.map((e) => e.node.key)).toEqual(CHANGED.map((o) => o.key));
    expect(view(page.edges[0].node)).toMatchObject({ key: 'C1', provinces: ['SH', 'JS'] });
    expect(view(page.edges[4].node)).toMatchObject({ key: 'ZJ:RescueBase:Z1', provinces: ['ZJ'] });
  });

  it('never shows the router its own arguments and fields in the answer', async () => {
    const { router } = setup();
    const res = await fetch(router, QUERY, { since: SINCE, first: 10 });
    const text = JSON.stringify(res);
    expect(text).not.toContain('_sr_');
    expect(text).not.toContain('creditCodes');
  });
});
