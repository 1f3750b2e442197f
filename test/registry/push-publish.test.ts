import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileRegistryStore } from '../../schema/registry/file-store';
import { Registry } from '../../schema/registry/registry';
import { fixtureSdl, published, snapshotSdl } from '../support/registry-sdl';

/** The subscriptions of contract v1.1 (issue 16) reach a running federation through the registry, as a SAFE change. */


describe('publishing the Subscription type', () => {
  let dir: string;
  let registry: Registry;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'push-registry-'));
    registry = new Registry(new FileRegistryStore({ file: path.join(dir, 'history.jsonl') }));
    published(await registry.publish({ subgraph: 'region', url: 'http://127.0.0.1:4210/graphql', sdl: await snapshotSdl('region'), by: 'ci' }));
    published(await registry.publish({ subgraph: 'provinces', sdl: await fixtureSdl('province-pre-v1-1'), by: 'ci' }));
    published(await registry.publish({ subgraph: 'credit', url: 'http://127.0.0.1:4230/graphql', sdl: await snapshotSdl('credit'), by: 'ci' }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  // The snapshot also holds the rest of v1.1, whose new WarningEvent values are DANGEROUS and published with an approval (test/registry/contract-v1-1-history.test.ts).
  it('publishes warningChanges and hazmatTransportEvents as SAFE changes, composed into the live supergraph', async () => {
    const provinces = published(await registry.publish({ subgraph: 'provinces', sdl: await snapshotSdl('province'), by: 'ci', approval: { reason: 'contract v1.1: six new warning events' } }));
    const push = /^(Subscription|WarningChange|HazmatTransport)/;
    expect(provinces.changes.filter((c) => push.test(c.path ?? '') && c.criticality !== 'SAFE')).toEqual([]);
    expect(new Set(provinces.changes.filter((c) => c.criticality !== 'SAFE').map((c) => `${c.criticality} ${(c.path ?? '').split('.')[0]}`))).toEqual(new Set(['DANGEROUS WarningEvent']));
    expect(provinces.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['Subscription', 'WarningChange', 'HazmatTransportEvent']));
    const live = await registry.liveVersion();
    expect(live?.number).toBe(provinces.number);
    const subscription = /type Subscription[^{]*\{([\s\S]*?)\n\}/.exec(live?.supergraphSdl ?? '')?.[1] ?? '';
    for (const part of ['warningChanges(', 'filter: WarningChangeFilter', 'after: ID', '): WarningChange!', 'hazmatTransportEvents(', '): HazmatTransportEvent!']) expect(subscription).toContain(part);
  });
});
