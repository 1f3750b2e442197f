import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { textOf } from '../../../../gateway/http/answer-text';
import { OperationTypes } from '../../../../gateway/http/operation-types';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { DedupShardTransport, dedupDataSource } from '../../../../gateway/plugins/fetch/subgraph-dedup';
import { ForwardingDataSource } from '../../../../gateway/plugins/fetch/forwarding';
import { subgraphFetcher } from '../../../../gateway/plugins/fetch/subgraph-fetcher';
import { HttpShardTransport, type ShardCall, type ShardResponse } from '../../../../gateway/shard-router/shard-transport';
import { PROVINCE_CODES, type ProvinceCode } from '../../../../schema/model';
import { startFederation, type Federation } from '../../../support/federation';
import { unexpectedErrors } from '../../../support/oracle';
import { EVERY_ENTRY, bearer } from '../../../support/tokens';
import { metricSum } from '../../../support/metric-sum';

/**
 * Identical subgraph fetches in flight at the same time are sent once: at the gateway per shard
 * (same province, query, variables and Authorization; queries only), and in the province subgraph
 * per legacy read, so that concurrent identical requests cause one legacy call.
 */

describe('dedupDataSource over a forwarding data source and the undici fetcher, real HTTP', () => {
  let server: http.Server;
  let url: string;
  let fetched = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        fetched += 1;
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { region: { name: '长三角', list: [1, 2, 3] } } })), 100);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  type Options = Parameters<ForwardingDataSource['process']>[0];
  const options = (): Options =>
    ({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query: '{ region { name list } }', http: { url, method: 'POST', headers: new Headers() } }, context: {}, incomingRequestContext: {}, document: undefined }) as unknown as Options;
  type Answer = Awaited<ReturnType<ForwardingDataSource['process']>>;
  const list = (a: Answer): number[] => (a.data?.region as { list: number[] }).list;

  it('shares identical fetches, each sharer its own copy parsed from the text, which is not held past the copies', async () => {
    const fetcher = subgraphFetcher();
    try {
      const source = dedupDataSource('region', new ForwardingDataSource({ url, fetcher, subgraph: 'region' }), new Registry());
      fetched = 0;
      const answers = await Promise.all(Array.from({ length: 6 }, () => source.process(options())));
      expect(fetched).toBe(1);
      list(answers[0]).push(4);
      expect(answers.slice(1).map(list)).toEqual(answers.slice(1).map(() => [1, 2, 3]));
      expect(answers.map((a) => a.data?.region)).toContainEqual({ name: '长三角', list: [1, 2, 3] });
      // Neither the answer nor the HTTP response it holds keeps the text once the copies are made.
      expect(answers.flatMap((a) => [textOf(a), a.http ? textOf(a.http) : undefined])).toEqual(answers.flatMap(() => [undefined, undefined]));
    } finally {
      await fetcher.close();
    }
  });

  it('moves the text the fetcher kept to the answer, and keeps none when the fetcher is told nobody copies', async () => {
    const keeping = subgraphFetcher();
    const notKeeping = subgraphFetcher({ keepTexts: false });
    try {
      const kept = await new ForwardingDataSource({ url, fetcher: keeping, subgraph: 'region' }).process(options());
      expect(JSON.parse(textOf(kept) ?? 'null')).toEqual({ data: kept.data });
      expect(kept.http ? textOf(kept.http) : 'no http').toBeUndefined();
      const unkept = await new ForwardingDataSource({ url, fetcher: notKeeping, subgraph: 'region' }).process(options());
      expect(unkept.data).toEqual({ region: { name: '长三角', list: [1, 2, 3] } });
      expect([textOf(unkept), unkept.http ? textOf(unkept.http) : 'no http']).toEqual([undefined, undefined]);
    } finally {
      await Promise.all([keeping.close(), notKeeping.close()]);
    }
  });
});

describe('DedupShardTransport over real HTTP', () => {
  let server: http.Server;
  let received: { authorization?: string; query: string }[] = [];
  let transport: DedupShardTransport;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { query } = JSON.parse(body) as { query: string };
        received.push({ authorization: req.headers.authorization, query });
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: { answer: { n: received.length, list: [1, 2, 3] } } }));
        }, 100);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const urls = Object.fromEntries(PROVINCE_CODES.map((p) => [p, url])) as Record<ProvinceCode, string>;
    transport = new DedupShardTransport(new HttpShardTransport(urls), new Registry());
  });
  beforeEach(() => {
    received = [];
  });
  afterAll(async () => {
    await transport.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const call = (province: ProvinceCode, authorization?: string): ShardCall => ({ province, headers: authorization ? { authorization } : {}, timeoutMs: 2000 });

  it('sends identical concurrent queries once, and gives each caller its own copy of the answer', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => transport.send(call('SH', 'Bearer a'), { query: '{ answer { n list } }', variables: { x: 1 } })));
    expect(received).toHaveLength(1);
    const list = (r: ShardResponse) => (r.data?.answer as { list: number[] }).list;
    list(answers[0]).push(4);
    expect(answers.slice(1).every((a) => JSON.stringify(list(a)) === '[1,2,3]')).toBe(true);
    // The copies were parsed from the answer's text, which is not held past them.
    expect(answers.map(textOf)).toEqual(answers.map(() => undefined));
  });

  it('remembers each answer\'s text for the copies, or not at all when told there is nobody to copy for', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const keeping = new HttpShardTransport({ SH: url });
    const notKeeping = new HttpShardTransport({ SH: url }, { keepTexts: false });
    try {
      const kept = await keeping.send(call('SH'), { query: '{ answer { n } }' });
      expect(JSON.parse(textOf(kept) ?? 'null')).toEqual({ data: kept.data });
      expect(textOf(await notKeeping.send(call('SH'), { query: '{ answer { n } }' }))).toBeUndefined();
    } finally {
      await Promise.all([keeping.close(), notKeeping.close()]);
    }
  });

  it('sends once per distinct province, Authorization, query or variables', async () => {
    await Promise.all([
      transport.send(call('SH', 'Bearer a'), { query: '{ answer { n } }' }),
      transport.send(call('SH', 'Bearer b'), { query: '{ answer { n } }' }),
      transport.send(call('SH'), { query: '{ answer { n } }' }),
      transport.send(call('JS', 'Bearer a'), { query: '{ answer { n } }' }),
      transport.send(call('SH', 'Bearer a'), { query: '{ answer { n } }', variables: { v: 2 } }),
      transport.send(call('SH', 'Bearer a'), { query: '{ answer { n list } }' }),
    ]);
    expect(received).toHaveLength(6);
  });

  it('never shares a mutation, nor a fetch that is not in flight any more', async () => {
    const mutation = 'mutation { answer { n } }';
    const operationTypes = new OperationTypes();
    expect(operationTypes.onlyQueries(mutation)).toBe(false);
    expect(operationTypes.onlyQueries('query Q { a } fragment F on T { b }')).toBe(true);
    await Promise.all([transport.send(call('SH'), { query: mutation }), transport.send(call('SH'), { query: mutation })]);
    expect(received).toHaveLength(2);
    await transport.send(call('SH'), { query: '{ answer { n } }' });
    await transport.send(call('SH'), { query: '{ answer { n } }' });
    expect(received).toHaveLength(4);
  });
});

describe('through the federation', () => {
  let fed: Federation;
  let auth: Record<string, string>;
  beforeAll(async () => {
    fed = await startFederation({ gatewayEnv: { GATEWAY_INBOUND_DEDUP: 'false' } });
    auth = await bearer(EVERY_ENTRY);
  }, 60_000);
  afterAll(async () => {
    for (const p of PROVINCE_CODES) fed?.sims[p].faults.reset();
    await fed?.close();
  });

  const VEHICLE = 'query($plate: ID!, $from: DateTime!, $to: DateTime!) { vehicle(plate: $plate) { plate track(from: $from, to: $to) { at province } waybills { id } } }';
  const plateAndWindow = (shiftMs: number) => {
    const plate = fed.dataset.trackPoints[0].plate;
    const now = fed.dataset.options.now.getTime();
    return { plate, from: new Date(now - 40 * 86_400_000 - shiftMs).toISOString(), to: new Date(now + shiftMs).toISOString() };
  };
  const metrics = async () => (await fetch(fed.url.replace(/\/graphql$/, '/metrics'))).text();

  it('ten concurrent identical requests make one fetch per shard and one legacy call per read', async () => {
    const warm = await fed.query(VEHICLE, plateAndWindow(0), auth);
    expect(unexpectedErrors(fed.dataset, warm.errors)).toEqual([]);
    fed.resetLegacyCalls();
    const single = await fed.query(VEHICLE, plateAndWindow(1), auth);
    const one = fed.legacyCalls();
    expect(Object.values(one).every((calls) => Object.keys(calls).length > 0)).toBe(true);

    // The systems hold their answers until the nine followers have joined each province's fetch in flight (at most 10 s).
    fed.resetLegacyCalls();
    const before = await metrics();
    const shared = (text: string, p: ProvinceCode): number =>
      metricSum(text, 'gateway_subgraph_fetch_dedup_total', { subgraph: `provinces/${p}` }) - metricSum(before, 'gateway_subgraph_fetch_dedup_total', { subgraph: `provinces/${p}` });
    const opens = PROVINCE_CODES.map((p) => fed.sims[p].faults.hold());
    const sent = Promise.all(Array.from({ length: 10 }, (_, i) => fed.query(VEHICLE, plateAndWindow(2), { ...auth, 'x-request-id': `concurrent-${i}` })));
    const joined = async (): Promise<boolean> => {
      const text = await metrics();
      return PROVINCE_CODES.every((p) => shared(text, p) >= 9);
    };
    const deadline = Date.now() + 10_000;
    while (!(await joined()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const open of opens) open();
    const answers = await sent;
    const after = await metrics();

    expect(answers.every((a) => a.status === 200 && JSON.stringify(a.data) === JSON.stringify(answers[0].data))).toBe(true);
    expect((answers[0].data as { vehicle: { track: unknown[] } }).vehicle.track).toEqual((single.data as { vehicle: { track: unknown[] } }).vehicle.track);
    expect(fed.legacyCalls()).toEqual(one);
    for (const p of PROVINCE_CODES) {
      const fetched = metricSum(after, 'gateway_shard_fetches_total', { province: p }) - metricSum(before, 'gateway_shard_fetches_total', { province: p });
      expect({ p, fetched }).toEqual({ p, fetched: 1 });
      expect({ p, shared: shared(after, p) }).toEqual({ p, shared: 9 });
    }
  });

  it('concurrent identical requests straight to a province subgraph (no gateway dedup) still make one legacy call per read', async () => {
    fed.resetLegacyCalls();
    await fetchProvince('JS', plateAndWindow(3));
    const one = fed.legacyCalls().JS;
    expect(Object.keys(one).length).toBeGreaterThan(0);
    fed.sims.JS.faults.set({ latencyMs: 1000 });
    fed.resetLegacyCalls();
    await Promise.all(Array.from({ length: 10 }, () => fetchProvince('JS', plateAndWindow(4))));
    fed.sims.JS.faults.reset();
    expect(fed.legacyCalls().JS).toEqual(one);
  });

  async function fetchProvince(p: ProvinceCode, variables: Record<string, unknown>): Promise<void> {
    const res = await fetch(fed.provinceUrls[p], {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: 'query($plate: ID!, $from: DateTime!, $to: DateTime!) { vehicle(plate: $plate) { track(from: $from, to: $to) { at } } }', variables }),
    });
    const body = (await res.json()) as { data?: { vehicle?: { track?: unknown[] } }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data?.vehicle?.track).toBeDefined();
  }
});
