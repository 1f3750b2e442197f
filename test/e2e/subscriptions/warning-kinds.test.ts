import type { Federation } from '../../support/federation';
import type { WarningRecord } from '../../../schema/model';
import { alertOf, control, elapse, feedMark, sseClient, subscribeSse, subscribeWs, touch, WARNING_CHANGES, watchersAtMost, withPushFederation, wsClient } from './harness';

let fed: Federation;

withPushFederation({}, (started) => (fed = started));

interface Change {
  id: string;
  kind: string;
  warning: { id: string; province: string; headline: string; areas: { adcode: string; name: string }[] };
}
const changeOf = (payload: { data?: unknown }): Change => (payload.data as { warningChanges: Change }).warningChanges;

describe('warningChanges: every kind of change, over graphql-ws and graphql-sse', () => {
  it('delivers an edited warning as UPDATED to both clients, resolved through the query plan (areas from the region subgraph)', async () => {
    const ws = wsClient(fed);
    const sse = sseClient(fed);
    const filter = { provinces: ['JS'] };
    const mark = await feedMark(fed);
    const overWs = subscribeWs(ws, WARNING_CHANGES, { filter });
    const overSse = subscribeSse(sse, WARNING_CHANGES, { filter });
    await mark.positionsTaken([overWs, overSse]);
    const target = alertOf(fed, 'JS');
    await touch(fed, 'JS', target.sourceId, { headline: 'changed for the subscribers' });
    const [a] = await overWs.count(1);
    const [b] = await overSse.count(1);
    overWs.dispose();
    overSse.dispose();
    await ws.dispose();
    expect(a.errors).toBeUndefined();
    expect(changeOf(a)).toMatchObject({ kind: 'UPDATED', warning: { id: target.id, province: 'JS', headline: 'changed for the subscribers' } });
    expect(changeOf(a).warning.areas[0].name).toEqual(expect.any(String));
    expect(changeOf(b)).toEqual(changeOf(a));
    expect(a.extensions).toMatchObject({ eventId: changeOf(a).id });
  });

  it('delivers a new warning as ISSUED and a cancellation as CANCELLED, in order', async () => {
    const fresh = alertOf(fed, 'ZJ', 1);
    const cancelled = fed.dataset.warnings.find((w) => w.province === 'ZJ' && w.messageType === 'CANCEL' && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId)) as WarningRecord;
    await control(fed, 'ZJ', 'delete', fresh.sourceId);
    const ws = wsClient(fed);
    const mark = await feedMark(fed);
    const got = subscribeWs(ws, WARNING_CHANGES, { filter: { provinces: ['ZJ'] } });
    await mark.positionsTaken([got]);
    // The copy still holds the deleted record until a full pull; it comes back as new once it is re-created.
    await control(fed, 'ZJ', 'recreate', fresh.sourceId);
    await got.count(1);
    await touch(fed, 'ZJ', cancelled.sourceId, { headline: 'cancelled, now with a reason' });
    const payloads = await got.count(2);
    got.dispose();
    await ws.dispose();
    const kinds = payloads.map((p) => [changeOf(p).kind, changeOf(p).warning.id]);
    expect(kinds).toEqual([
      [expect.stringMatching(/ISSUED|UPDATED/), fresh.id],
      ['CANCELLED', cancelled.id],
    ]);
  });

  it('delivers EXPIRED once when a warning’s expiry passes while someone subscribes', async () => {
    const target = alertOf(fed, 'AH', 1);
    const ws = wsClient(fed);
    const mark = await feedMark(fed);
    const got = subscribeWs(ws, WARNING_CHANGES, { filter: { provinces: ['AH'] } });
    await mark.positionsTaken([got]);
    const expiresAt = new Date(fed.simClock.now().getTime() + 1500).toISOString();
    await touch(fed, 'AH', target.sourceId, { expiresAt });
    const payloads = await got.count(2, 8000);
    got.dispose();
    await ws.dispose();
    expect(payloads.map((p) => changeOf(p).kind)).toEqual(['UPDATED', 'EXPIRED']);
    expect(changeOf(payloads[1]).warning.id).toBe(target.id);
  });
});

describe('warningChanges: cheap for the provinces', () => {
  const watch = async (subscribers: number): Promise<number> => {
    const mark = await feedMark(fed);
    const got = await Promise.all(Array.from({ length: subscribers }, async (_, i) => subscribeWs(wsClient(fed, `Bearer ${await fed.token({ sub: `watcher-${subscribers}-${i}`, role: 'app' })}`), WARNING_CHANGES)));
    await mark.positionsTaken(got);
    fed.resetLegacyCalls();
    await elapse(2000);
    const calls = Object.values(fed.legacyCalls()).reduce((n, byEndpoint) => n + Object.values(byEndpoint).reduce((a, b) => a + b, 0), 0);
    for (const r of got) r.dispose();
    await watchersAtMost(fed, 0);
    return calls;
  };

  it('makes no more legacy calls for twenty subscribers than for one: one background pull per province and maximum age', async () => {
    const one = await watch(1);
    const twenty = await watch(20);
    expect(one).toBeGreaterThan(0);
    expect(twenty).toBeLessThanOrEqual(one * 1.5 + 4);
  });
});
