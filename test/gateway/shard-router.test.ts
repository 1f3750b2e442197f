import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { ProvinceCode } from '../../schema/model';
import { ShardRouter } from '../../gateway/shard-router/shard-router';
import {
  MINI_SDL,
  MINI_SDL_WITHOUT_SORT_KEYS,
  MiniShardTransport,
  code,
  compareMiniKeys,
  sortWarnings,
  type MiniShardData,
  type MiniWarning,
  emptyShardData,
} from '../fixtures/shard-router/mini-shards';


function warnings(province: ProvinceCode, n: number): MiniWarning[] {
  const levels = ['RED', 'ORANGE', 'YELLOW', 'BLUE'];
  return Array.from({ length: n }, (_, i) => ({
    id: `${province}:Warning:${i + 1}`,
    province,
    level: levels[(i * 7 + province.charCodeAt(0)) % 4],
    issuedAt: `2026-07-${String(10 + ((i * 3 + province.charCodeAt(1)) % 9)).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00+08:00`,
    headline: `${province} warning ${i + 1}`,
  }));
}

function fixture(): Record<ProvinceCode, MiniShardData> {
  const data: Record<ProvinceCode, MiniShardData> = { SH: emptyShardData(), JS: emptyShardData(), ZJ: emptyShardData(), AH: emptyShardData() };
  data.SH.warnings = warnings('SH', 7);
  data.JS.warnings = warnings('JS', 5);
  data.ZJ.warnings = warnings('ZJ', 6);
  data.AH.warnings = warnings('AH', 4);
  data.SH.warnings[1].supersedesId = 'SH:Warning:1';
  data.SH.enterprises = [{ id: 'SH:HazmatEnterprise:SHE-1', creditCode: code('31', 1), name: '上海某石化' }];
  data.JS.enterprises = [{ id: 'JS:HazmatEnterprise:JSE-1', creditCode: code('32', 1), name: '南京某化工' }];
  data.JS.waybills = [
    { id: 'JS:Waybill:YD1', number: 'YD1', plate: '苏A12345', destination: { name: '上海某石化', creditCode: code('31', 1) }, departedAt: '2026-07-12T07:00:00+08:00' },
    { id: 'JS:Waybill:YD2', number: 'YD2', plate: '苏A12345', destination: { name: '无名', creditCode: code('31', 99) }, departedAt: '2026-07-11T07:00:00+08:00' },
  ];
  data.SH.waybills = [{ id: 'SH:Waybill:YD3', number: 'YD3', plate: '苏A12345', destination: { name: '南京某化工', creditCode: code('32', 1) }, departedAt: null }];
  data.JS.points = [
    { plate: '苏A12345', at: '2026-07-12T07:10:00+08:00', province: 'JS' },
    { plate: '苏A12345', at: '2026-07-12T08:10:00+08:00', province: 'JS' },
  ];
  data.SH.points = [{ plate: '苏A12345', at: '2026-07-12T09:40:00+08:00', province: 'SH' }, { plate: '苏A12345', at: '2026-07-12T07:40:00+08:00', province: 'SH' }];
  data.SH.materials = [{ code: 'FH-001', name: '防化服', unit: '套', quantity: 10 }];
  data.JS.materials = [{ code: 'FH-001', name: '防化服', unit: '套', quantity: 5 }, { code: 'CFZ-02', name: '冲锋舟', unit: '艘', quantity: 2 }];
  data.SH.orgs = [
    { key: 'K1', name: '联合救援队', totalMembers: 10, materials: [{ code: 'FH-001', name: '防化服', quantity: 3, unit: '套' }] },
    { key: 'K3', name: '上海队', totalMembers: 7, materials: [] },
  ];
  data.JS.orgs = [
    { key: 'K1', name: '联合救援队', totalMembers: 20, materials: [{ code: 'FH-001', name: '防化服', quantity: 4, unit: '套' }] },
    { key: 'K2', name: '江苏队', totalMembers: 5, materials: [] },
  ];
  return data;
}

function setup(sdl = MINI_SDL): { router: ShardRouter; transport: MiniShardTransport; data: Record<ProvinceCode, MiniShardData> } {
  const data = fixture();
  const transport = new MiniShardTransport(data, sdl);
  const router = new ShardRouter({
    transport,
    sdl,
    compareKeys: compareMiniKeys,
  });
  return { router, transport, data };
}

async function fetch(router: ShardRouter, query: string, variables: Record<string, unknown> = {}): Promise<GatewayGraphQLResponse> {
  return router.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables },
    context: {},
    incomingRequestContext: {} as never,
  });
}

describe('shard router: routing by key', () => {
  it('routes an id to its province only', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, '{ warning(id: "JS:Warning:3") { id headline } }');
    expect(res.data).toEqual({ warning: { id: 'JS:Warning:3', headline: 'JS warning 3' } });
    expect(transport.provincesCalled()).toEqual(['JS']);
  });

  it('answers null with OUTSIDE_REGION for an id of another province, without calling anyone', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, '{ w: warning(id: "GD:Warning:1") { id } }');
    expect(res.data).toEqual({ w: null });
    expect(res.errors?.[0]).toMatchObject({ path: ['w'], extensions: { code: 'OUTSIDE_REGION' } });
    expect(transport.calls).toHaveLength(0);
  });

  it('refuses a malformed id with BAD_USER_INPUT naming the argument', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, 'query($id: ID!) { warning(id: $id) { id } }', { id: 'not-an-id' });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
    expect(transport.calls).toHaveLength(0);
  });

  it('routes credit codes by the registering authority and refuses codes from outside the region, once the index of holdings is known', async () => {
    const { router, transport } = setup();
    await fetch(router, `{ hazmatEnterprise(creditCode: "${code('31', 1)}") { name } }`);
    transport.calls.length = 0;
    const res = await fetch(router, `{ a: hazmatEnterprise(creditCode: "${code('32', 1)}") { name } b: hazmatEnterprise(creditCode: "${code('44', 1)}") { name } }`);
    expect(res.data).toEqual({ a: { name: '南京某化工' }, b: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['OUTSIDE_REGION']);
    expect(transport.provincesCalled()).toEqual(['JS']);
  });

  it('sends root fields for one province in one request', async () => {
    const { router, transport } = setup();
    await fetch(router, '{ a: warning(id: "SH:Warning:1") { id } b: warning(id: "SH:Warning:2") { id } c: warning(id: "ZJ:Warning:1") { id } }');
    expect(transport.provincesCalled().sort()).toEqual(['SH', 'ZJ']);
  });
});

describe('shard router: merging by sort keys or, from provinces older than the sortKey field, by cursors', () => {
  const withCursors = `{ warnings(first: 7) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`;
  const withoutCursors = `{ warnings(first: 7) { edges { node { id } } pageInfo { hasNextPage } totalCount } }`;
  const shardQueries = (transport: MiniShardTransport): string[] => transport.calls.filter((c) => c.query.includes('warnings')).map((c) => c.query);

  it.each([
    ["a page without cursors asks each edge's sort key alone", withoutCursors, { sortKey: true, cursor: false }],
    ["a page with cursors asks each edge's sort key and cursor", withCursors, { sortKey: true, cursor: true }],
  ])('%s', async (_, query, asked) => {
    const { router, transport } = setup();
    await fetch(router, query);
    for (const sent of shardQueries(transport)) {
      expect(sent.includes('_sr_k: sortKey')).toBe(asked.sortKey);
      expect(sent.includes('_sr_c: cursor')).toBe(asked.cursor);
    }
    expect(shardQueries(transport)).toHaveLength(4);
  });

  it("answers the other provinces' records when one answers edges without sort keys, naming it unavailable", async () => {
    const { router, transport, data } = setup();
    const send = transport.send.bind(transport);
    transport.send = async (call, request) => {
      const answer = await send(call, request);
      const edges = (answer.data?.warnings as { edges?: Record<string, unknown>[] } | undefined)?.edges;
      if (call.province === 'ZJ') for (const edge of edges ?? []) delete edge._sr_k;
      return answer;
    };
    const res = await fetch(router, '{ warnings(first: 50) { edges { node { id } } totalCount unavailableProvinces } }');
    const expected = sortWarnings([...data.SH.warnings, ...data.JS.warnings, ...data.AH.warnings]).map((w) => w.id);
    const warnings = res.data?.warnings as { edges: { node: { id: string } }[]; unavailableProvinces: string[] };
    expect(warnings.edges.map((e) => e.node.id)).toEqual(expected);
    expect(warnings.unavailableProvinces).toEqual(['ZJ']);
    expect(res.errors).toEqual([expect.objectContaining({ path: ['warnings'], extensions: expect.objectContaining({ code: 'PROVINCE_UNAVAILABLE', province: 'ZJ' }) })]);
  });

  it.each([withoutCursors, withCursors])('provinces without the field are asked for cursors and answer the same page: %s', async (query) => {
    const current = setup();
    const older = setup(MINI_SDL_WITHOUT_SORT_KEYS);
    const expected = await fetch(current.router, query);
    const answer = await fetch(older.router, query);
    expect(answer).toEqual(expected);
    expect(answer.errors).toBeUndefined();
    for (const sent of shardQueries(older.transport)) {
      expect(sent).not.toContain('sortKey');
      expect(sent).toContain('_sr_c: cursor');
    }
  });
});

describe('shard router: connections', () => {
  const query = `query($first: Int, $after: String, $filter: WarningFilter) {
    warnings(first: $first, after: $after, filter: $filter) { edges { cursor node { id level } } pageInfo { hasNextPage endCursor } totalCount unavailableProvinces }
  }`;

  it('merges every province in the documented order and sums totalCount', async () => {
    const { router, data } = setup();
    const res = await fetch(router, query, { first: 500 });
    const all = sortWarnings([...data.SH.warnings, ...data.JS.warnings, ...data.ZJ.warnings, ...data.AH.warnings]);
    const got = (res.data?.warnings as { edges: { node: { id: string } }[]; totalCount: number }).edges.map((e) => e.node.id);
    expect(got).toEqual(all.map((w) => w.id));
    expect((res.data?.warnings as { totalCount: number }).totalCount).toBe(22);
  });

  it('pages to the end in small pages without skipping or repeating a record', async () => {
    const { router, data } = setup();
    const expected = sortWarnings([...data.SH.warnings, ...data.JS.warnings, ...data.ZJ.warnings, ...data.AH.warnings]).map((w) => w.id);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await fetch(router, query, { first: 3, after });
      if (!res.data?.warnings) throw new Error(JSON.stringify(res.errors));
      const conn = res.data?.warnings as { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('resumes from any edge cursor', async () => {
    const { router } = setup();
    const first = await fetch(router, query, { first: 10 });
    const edges = (first.data?.warnings as { edges: { cursor: string; node: { id: string } }[] }).edges;
    const resumed = await fetch(router, query, { first: 3, after: edges[4].cursor });
    expect((resumed.data?.warnings as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id)).toEqual(edges.slice(5, 8).map((e) => e.node.id));
  });

  it('asks only the provinces of filter.provinces', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, query, { first: 50, filter: { provinces: ['ZJ', 'AH'] } });
    expect(new Set(transport.provincesCalled())).toEqual(new Set(['ZJ', 'AH']));
    expect((res.data?.warnings as { totalCount: number }).totalCount).toBe(10);
  });

  it('refuses malformed cursors and cursors of another filter with BAD_USER_INPUT', async () => {
    const { router, transport } = setup();
    const bad = await fetch(router, query, { first: 2, after: 'garbage!' });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
    const page = await fetch(router, query, { first: 2 });
    const cursor = (page.data?.warnings as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    transport.calls.length = 0;
    const other = await fetch(router, query, { first: 2, after: cursor, filter: { provinces: ['SH'] } });
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(transport.calls).toHaveLength(0);
  });

  it('refuses first above 500', async () => {
    const { router } = setup();
    const res = await fetch(router, query, { first: 501 });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  });

  it('with a province down, answers the others, names it, and finds its records on a later page', async () => {
    const { router, transport, data } = setup();
    transport.down.add('JS');
    const page1 = await fetch(router, query, { first: 8 });
    const conn = page1.data?.warnings as { edges: { node: { id: string } }[]; unavailableProvinces: string[]; pageInfo: { endCursor: string } };
    expect(conn.unavailableProvinces).toEqual(['JS']);
    expect(conn.edges.every((e) => !e.node.id.startsWith('JS:'))).toBe(true);
    expect(page1.errors).toEqual(expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PROVINCE_UNAVAILABLE', province: 'JS' }) })]));
    transport.down.delete('JS');
    const rest: string[] = [];
    let after: string | undefined = conn.pageInfo.endCursor;
    for (let i = 0; i < 10 && after; i++) {
      const res = await fetch(router, query, { first: 8, after });
      const c = res.data?.warnings as { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      rest.push(...c.edges.map((e) => e.node.id));
      after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : undefined;
    }
    expect(rest.filter((id) => id.startsWith('JS:')).sort()).toEqual(data.JS.warnings.map((w) => w.id).sort());
  });

  it('moves a shard error on an edge to that edge in the merged page', async () => {
    const { router, data } = setup();
    data.AH.warnings[0].headline = 'BROKEN';
    const res = await fetch(router, '{ warnings(first: 500) { edges { node { id headline } } } }');
    const edges = (res.data?.warnings as { edges: { node: { id: string } }[] }).edges;
    const err = res.errors?.find((e) => e.extensions?.code === 'LEGACY_DATA_INVALID');
    expect(err?.extensions?.province).toBe('AH');
    const index = err?.path?.[2] as number;
    expect(edges[index]).toEqual({ node: { id: 'AH:Warning:1', headline: null } });
  });

  it('merges organisations held by several provinces under one key', async () => {
    const { router } = setup();
    const res = await fetch(router, '{ resourceView(first: 10) { edges { node { key name provinces totalMembers materials { code unit quantity } } } totalCount } }');
    const nodes = (res.data?.resourceView as { edges: { node: { key: string; provinces: string[]; totalMembers: number; materials: { quantity: number }[] } }[] }).edges.map((e) => e.node);
    expect(nodes.map((n) => n.key)).toEqual(['K1', 'K2', 'K3']);
    expect(nodes[0]).toMatchObject({ provinces: ['SH', 'JS'], totalMembers: 30, materials: [{ code: 'FH-001', unit: '套', quantity: 7 }] });
  });
});

describe('shard router: scatter and merge', () => {
  it('sums material totals across provinces by code and unit', async () => {
    const { router } = setup();
    const res = await fetch(router, '{ materialTotals { code quantity byProvince { province quantity } } }');
    expect(res.data?.materialTotals).toEqual([
      { code: 'CFZ-02', quantity: 2, byProvince: [{ province: 'JS', quantity: 2 }] },
      { code: 'FH-001', quantity: 15, byProvince: [{ province: 'SH', quantity: 10 }, { province: 'JS', quantity: 5 }] },
    ]);
  });

  it('stitches a vehicle from every province: track ordered by time, waybills newest first', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, '{ vehicle(plate: "苏A12345") { plate registeredProvince track(from: "a", to: "b") { at province } waybills { number } } }');
    expect(new Set(transport.provincesCalled())).toEqual(new Set(['SH', 'JS', 'ZJ', 'AH']));
    const v = res.data?.vehicle as { registeredProvince: string; track: { at: string; province: string }[]; waybills: { number: string }[] };
    expect(v.registeredProvince).toBe('JS');
    expect(v.track.map((p) => p.province)).toEqual(['JS', 'SH', 'JS', 'SH']);
    expect(v.waybills.map((w) => w.number)).toEqual(['YD1', 'YD2', 'YD3']);
  });
});

describe('shard router: _entities', () => {
  it('answers in the order of the representations, routed per province, with error paths remapped', async () => {
    const { router, transport, data } = setup();
    data.ZJ.warnings[1].headline = 'BROKEN';
    const reps = [
      { __typename: 'Warning', id: 'ZJ:Warning:1' },
      { __typename: 'Warning', id: 'SH:Warning:2' },
      { __typename: 'Warning', id: 'XX:Warning:1' },
      { __typename: 'Warning', id: 'ZJ:Warning:2' },
      { __typename: 'Warning', id: 'SH:Warning:1' },
    ];
    const res = await fetch(router, 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Warning { id headline } } }', { representations: reps });
    const list = res.data?._entities as ({ id: string } | null)[];
    expect(list.map((e) => e?.id ?? null)).toEqual(['ZJ:Warning:1', 'SH:Warning:2', null, 'ZJ:Warning:2', 'SH:Warning:1']);
    expect(res.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['_entities', 2], extensions: expect.objectContaining({ code: 'OUTSIDE_REGION' }) }),
        expect.objectContaining({ path: ['_entities', 3, 'headline'], extensions: expect.objectContaining({ code: 'LEGACY_DATA_INVALID', province: 'ZJ' }) }),
      ]),
    );
    expect(transport.provincesCalled().sort()).toEqual(['SH', 'ZJ']);
  });

  it('scatters Vehicle entities to every province and merges them', async () => {
    const { router } = setup();
    const res = await fetch(router, 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Vehicle { plate track(from: "a", to: "b") { province } } } }', {
      representations: [{ __typename: 'Vehicle', plate: '苏A12345' }],
    });
    expect((res.data?._entities as { track: unknown[] }[])[0].track).toHaveLength(4);
  });
});

describe('shard router: references that cross shards inside one fetch', () => {
  it('resolves a Jiangsu waybill destination enterprise held by Shanghai and its vehicle across provinces', async () => {
    const { router, transport } = setup();
    const res = await fetch(router, '{ waybill(id: "JS:Waybill:YD1") { number destination { name enterprise { id name } } vehicle { plate track(from: "a", to: "b") { province } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.waybill).toEqual({
      number: 'YD1',
      destination: { name: '上海某石化', enterprise: { id: 'SH:HazmatEnterprise:SHE-1', name: '上海某石化' } },
      vehicle: { plate: '苏A12345', track: [{ province: 'JS' }, { province: 'SH' }, { province: 'JS' }, { province: 'SH' }] },
    });
    expect(transport.calls[0].province).toBe('JS');
    expect(transport.calls[0].query).not.toContain('track');
  });

  it('answers null for a referenced enterprise that no system holds', async () => {
    const { router } = setup();
    const res = await fetch(router, '{ waybill(id: "JS:Waybill:YD2") { destination { enterprise { name } } } }');
    expect(res.data?.waybill).toEqual({ destination: { enterprise: null } });
  });
});
