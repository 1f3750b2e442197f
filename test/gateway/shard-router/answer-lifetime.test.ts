import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { ShardRouter } from '../../../gateway/shard-router/shard-router';
import type { ShardCall, ShardRequest, ShardResponse, ShardTransport } from '../../../gateway/shard-router/shard-transport';
import type { ProvinceCode } from '../../../schema/model';
import { MINI_SDL, MiniShardTransport, code, compareMiniKeys, type MiniShardData, emptyShardData } from '../../fixtures/shard-router/mini-shards';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The mini shards, keeping only weak references to the answers they give, and holding `_entities` fetches until released. */
class WatchedTransport implements ShardTransport {
  readonly answers: WeakRef<ShardResponse>[] = [];
  /** Every warning the shards answered (its edge's node), by its id. */
  readonly warningNodes = new Map<string, WeakRef<object>>();
  private release!: () => void;
  readonly entitiesAsked: Promise<void>;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  private markAsked!: () => void;

  constructor(private readonly inner: MiniShardTransport) {
    this.entitiesAsked = new Promise((resolve) => (this.markAsked = resolve));
  }

  async send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    if (request.query.includes('_entities')) {
      this.markAsked();
      await this.released;
      return this.inner.send(call, request);
    }
    const answer = await this.inner.send(call, request);
    if (request.query.includes('waybill(')) this.answers.push(new WeakRef(answer));
    const warnings = (answer.data?.warnings as { edges?: { node: { id: string } }[] } | undefined)?.edges ?? [];
    for (const edge of warnings) this.warningNodes.set(edge.node.id, new WeakRef(edge.node));
    return answer;
  }

  releaseEntities(): void {
    this.release();
  }
}

describe('shard answers while their references are resolved', () => {
  it('are not held past assembling: the answers and the records a merge did not take can be collected while the entity fetch is in flight', async () => {
    const data: Record<ProvinceCode, MiniShardData> = { SH: emptyShardData(), JS: emptyShardData(), ZJ: emptyShardData(), AH: emptyShardData() };
    data.SH.enterprises = [{ id: 'SH:HazmatEnterprise:SHE-1', creditCode: code('31', 1), name: '上海某石化' }];
    for (const [i, province] of (['SH', 'JS', 'ZJ', 'AH'] as const).entries()) {
      data[province].warnings = [1, 2].map((n) => ({ id: `${province}:Warning:${n}`, province, level: 'RED', issuedAt: `2026-07-1${i}T0${n}:00:00+08:00`, headline: `${province} ${n}` }));
    }
    data.JS.waybills = [{ id: 'JS:Waybill:YD1', number: 'YD1', plate: '苏A12345', destination: { name: '上海某石化', creditCode: code('31', 1) }, departedAt: null }];
    const transport = new WatchedTransport(new MiniShardTransport(data));
    const router = new ShardRouter({ transport, sdl: MINI_SDL, compareKeys: compareMiniKeys });
    const answer = router.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: '{ waybill(id: "JS:Waybill:YD1") { number destination { enterprise { name } } } warnings(first: 1) { edges { node { id } } } }', variables: {} },
      context: {},
      incomingRequestContext: {} as never,
    });
    await transport.entitiesAsked;
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(transport.answers).toHaveLength(1);
    expect(transport.answers[0].deref()).toBeUndefined();
    // Each province answers its newest; AH's is the page, the three others are not kept.
    const held = [...transport.warningNodes].filter(([, node]) => node.deref() !== undefined).map(([id]) => id);
    expect(transport.warningNodes.size).toBe(4);
    expect(held).toEqual(['AH:Warning:2']);
    transport.releaseEntities();
    expect((await answer).data).toEqual({ waybill: { number: 'YD1', destination: { enterprise: { name: '上海某石化' } } }, warnings: { edges: [{ node: { id: 'AH:Warning:2' } }] } });
  });
});
