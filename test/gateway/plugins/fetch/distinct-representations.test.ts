import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBenchmarkAnswer } from '../../../../bench/gateways-benchmark/expected-answer';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../../../bench/gateways-benchmark/subgraphs/server';
import { BENCHMARK_QUERY } from '../../../../bench/gateways-benchmark/supergraph-file';
import type { BenchmarkSubgraph } from '../../../../bench/gateways-benchmark/subgraphs/schemas';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { distinctRepresentations, distinctRepresentationsDataSource, spreadAnswer } from '../../../../gateway/plugins/fetch/distinct-representations';
import { takesSharedEntities } from '../../../../gateway/plugins/fetch/shared-entities';
import { withBenchmarkGateway } from '../../../support/benchmark-gateway';

/**
 * An entity fetch carries each distinct representation once (by default; DISTINCT_REPRESENTATIONS=false sends one per place, as stock @apollo/gateway):
 * on the gateways benchmark's query the answer is unchanged and the subgraphs see far fewer representations; each place in the answer gets its own entity and
 * its own errors.
 */

describe('distinct representations over the gateways benchmark', () => {
  let subgraphs: RunningSubgraphs;
  let recorder: http.Server;
  let sent: { subgraph: string; representations: unknown[] }[] = [];
  let recorderUrl: (name: BenchmarkSubgraph) => string;
  beforeAll(async () => {
    subgraphs = await startBenchmarkSubgraphs();
    // Between the gateway and the subgraphs: records the representations of every entity fetch.
    recorder = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const name = (req.url ?? '').slice(1) as BenchmarkSubgraph;
        const representations = (JSON.parse(body) as { variables?: { representations?: unknown[] } }).variables?.representations;
        if (representations) sent.push({ subgraph: name, representations });
        void fetch(subgraphs.url(name), { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
        });
      });
    });
    await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
    const port = (recorder.address() as AddressInfo).port;
    recorderUrl = (name) => `http://127.0.0.1:${port}/${name}`;
  });
  afterAll(async () => {
    recorder.closeAllConnections();
    await new Promise((r) => recorder.close(r));
    await subgraphs.close();
  });

  async function answerWith(env: Record<string, string>): Promise<unknown> {
    sent = [];
    // Each fetch alone, so that the recorder reads one fetch's representations per request.
    return withBenchmarkGateway(recorderUrl, { BATCH_SUBGRAPH_FETCHES: 'false', ...env }, async (url) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: BENCHMARK_QUERY }) });
      expect(res.status).toBe(200);
      return res.json() as Promise<unknown>;
    });
  }

  it('gives the benchmark answer, byte for byte as sent one per place, sending each representation once by default', async () => {
    const repeated = await answerWith({ DISTINCT_REPRESENTATIONS: 'false' });
    const sentRepeated = sent;
    const distinct = await answerWith({});
    const sentDistinct = sent;
    expect(checkBenchmarkAnswer(distinct)).toBeNull();
    expect(JSON.stringify(distinct)).toBe(JSON.stringify(repeated));
    // One per place (as stock @apollo/gateway sends them), 96 copies of one product go in one fetch.
    expect(Math.max(...sentRepeated.map((f) => f.representations.length))).toBe(96);
    expect(sentDistinct).toHaveLength(sentRepeated.length);
    for (const fetch of sentDistinct) expect(new Set(fetch.representations.map((r) => JSON.stringify(r))).size).toBe(fetch.representations.length);
    const total = (fetches: typeof sent): number => fetches.reduce((n, f) => n + f.representations.length, 0);
    expect(total(sentDistinct)).toBeLessThan(total(sentRepeated) / 10);
  });
});

describe('spreading the answer to distinct representations', () => {
  const reps = [{ __typename: 'P', upc: '1' }, { __typename: 'P', upc: '2' }, { __typename: 'P', upc: '1' }, { __typename: 'P', upc: '1' }];

  it('leaves distinct representations alone', () => {
    expect(distinctRepresentations(reps.slice(0, 2))).toBeNull();
  });

  it('answers every place, each with its own copy of the entity', () => {
    const distinct = distinctRepresentations(reps);
    expect(distinct).toEqual({ representations: reps.slice(0, 2), indexOf: [0, 1, 0, 0] });
    const answer = spreadAnswer({ data: { _entities: [{ upc: '1', tags: [{ t: 'a' }] }, { upc: '2', tags: [] }] } }, distinct!);
    const entities = (answer.data as { _entities: { upc: string; tags: { t: string }[] }[] })._entities;
    expect(entities.map((e) => e.upc)).toEqual(['1', '2', '1', '1']);
    entities[0].tags[0].t = 'changed';
    entities[2].tags.push({ t: 'b' });
    expect(entities[3]).toEqual({ upc: '1', tags: [{ t: 'a' }] });
  });

  it('answers every place with the one entity when told the executor takes it so', () => {
    const distinct = distinctRepresentations(reps)!;
    const answer = spreadAnswer({ data: { _entities: [{ upc: '1', tags: [{ t: 'a' }] }, { upc: '2', tags: [] }] } }, distinct, true);
    const entities = (answer.data as { _entities: object[] })._entities;
    expect(entities[2]).toBe(entities[0]);
    expect(entities[3]).toBe(entities[0]);
    expect(entities[1]).not.toBe(entities[0]);
  });

  it('shares only in the fetches whose request the executor marked (shared-entities.ts)', async () => {
    const subgraph = {
      process: async (options: GraphQLDataSourceProcessOptions) => {
        const sent = options.request.variables?.representations as { upc: string }[];
        return { data: { _entities: sent.map(({ upc }) => ({ upc, tags: [{ t: upc }] })) } };
      },
    };
    const source = distinctRepresentationsDataSource(subgraph);
    const entitiesOf = async (marked: boolean) => {
      const request = { query: '{ _entities { __typename } }', variables: { representations: reps } };
      const options = { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: marked ? takesSharedEntities(request) : request } as unknown as GraphQLDataSourceProcessOptions;
      return ((await source.process(options)).data as { _entities: object[] })._entities;
    };
    const unmarked = await entitiesOf(false);
    expect(unmarked[2]).toEqual(unmarked[0]);
    expect(unmarked[2]).not.toBe(unmarked[0]);
    const marked = await entitiesOf(true);
    expect(marked[2]).toBe(marked[0]);
    expect(marked.map((e) => (e as { upc: string }).upc)).toEqual(['1', '2', '1', '1']);
  });

  it('repeats an error about an entity for every place it stood for, and keeps the others as they are', () => {
    const distinct = distinctRepresentations(reps)!;
    const answer = spreadAnswer(
      {
        data: { _entities: [null, { upc: '2' }] },
        errors: [{ message: 'gone', path: ['_entities', 0, 'name'] }, { message: 'other' }, { message: 'second', path: ['_entities', 1] }],
      },
      distinct,
    );
    expect(answer.errors?.map((e) => [e.message, e.path])).toEqual([
      ['gone', ['_entities', 0, 'name']],
      ['gone', ['_entities', 2, 'name']],
      ['gone', ['_entities', 3, 'name']],
      ['other', undefined],
      ['second', ['_entities', 1]],
    ]);
    expect((answer.data as { _entities: unknown[] })._entities).toEqual([null, { upc: '2' }, null, null]);
  });

  it('hands on an answer whose entities do not match what was sent (the executor reports it)', () => {
    const distinct = distinctRepresentations(reps)!;
    const answer = { data: { _entities: [{ upc: '1' }] } };
    expect(spreadAnswer(answer, distinct)).toBe(answer);
  });
});
