import { isWithin } from '../../../schema/geography';
import type { Federation } from '../../support/federation';
import { alertOf, feedMark, quietPeriod, sseClient, subscribeSse, subscribeWs, touch, waitFor, WARNING_CHANGES, watchersAtMost, withPushFederation, wsClient, type Received } from './harness';

let fed: Federation;

withPushFederation({ gatewayEnv: { SUBSCRIPTIONS_PER_CALLER: '2' } }, (started) => (fed = started));

const codes = (r: Received): unknown[] => (Array.isArray(r.error) ? (r.error as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code) : []);
const warningIds = (r: Received): string[] => r.payloads.map((p) => (p.data as { warningChanges: { warning: { id: string } } }).warningChanges.warning.id);

describe('warningChanges: filters, refusals and limits', () => {
  it('delivers a change only to the subscribers whose filter (province, adcode, zone, event, level) it matches', async () => {
    const target = alertOf(fed, 'SH', 2);
    const zones = (await fed.query<{ zones: { code: string; divisions: { adcode: string }[] }[] }>('{ zones { code divisions { adcode } } }')).data?.zones ?? [];
    const zone = zones.find((z) => target.areaCodes.some((a) => z.divisions.some((d) => isWithin(a, d.adcode))));
    const otherEvent = target.event === 'FOG' ? 'GALE' : 'FOG';
    const filters: [string, Record<string, unknown>, boolean][] = [
      ['province', { provinces: ['SH'] }, true],
      ['other province', { provinces: ['AH'] }, false],
      ['adcode of the province', { adcodes: ['310000'] }, true],
      ['adcode elsewhere', { adcodes: ['340100'] }, false],
      ['event', { events: [target.event] }, true],
      ['other event', { events: [otherEvent], provinces: ['SH'] }, false],
      ['level', { minLevel: target.level, provinces: ['SH'] }, true],
      ...(zone ? ([['zone', { zone: zone.code, provinces: ['SH'] }, true]] as [string, Record<string, unknown>, boolean][]) : []),
    ];
    // One caller per filter: anonymous callers share the per-caller limit of their address.
    const ws = await Promise.all(filters.map(async ([name]) => wsClient(fed, `Bearer ${await fed.token({ sub: `filter-${name}`, role: 'app' })}`)));
    const mark = await feedMark(fed);
    const got = filters.map(([, filter], i) => subscribeWs(ws[i], WARNING_CHANGES, { filter }));
    await mark.positionsTaken(got);
    await touch(fed, 'SH', target.sourceId, { headline: 'for some of the subscribers' });
    await waitFor(() => filters.every(([, , wanted], i) => !wanted || got[i].payloads.length > 0));
    // The filters that do not match, and no second event for those that do.
    await quietPeriod(800);
    for (const [i, [name, , wanted]] of filters.entries()) {
      expect([name, warningIds(got[i])]).toEqual([name, wanted ? [target.id] : []]);
      got[i].dispose();
    }
    await Promise.all(ws.map((c) => c.dispose()));
  });

  it('refuses invalid filters and ids with BAD_USER_INPUT before subscribing, over both protocols', async () => {
    const ws = wsClient(fed);
    const sse = sseClient(fed);
    const bad: Record<string, unknown>[] = [{ filter: { adcodes: ['999999'] } }, { filter: { zone: 'NO_SUCH_ZONE' } }, { after: 'yesterday' }];
    const overWs = bad.map((variables) => subscribeWs(ws, WARNING_CHANGES, variables));
    const overSse = bad.map((variables) => subscribeSse(sse, WARNING_CHANGES, variables));
    await Promise.all([...overWs, ...overSse].map((r) => r.count(1, 3000)));
    for (const r of overWs) expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    for (const r of overSse) expect(String((r.error as Error)?.message ?? r.error)).toMatch(/BAD_USER_INPUT|400/);
    await ws.dispose();
  });

  it('refuses a subscription past the per-caller limit with TOO_MANY_SUBSCRIPTIONS, and accepts one again when another ends', async () => {
    const token = `Bearer ${await fed.token({ sub: 'limited-app', role: 'app' })}`;
    const ws = wsClient(fed, token);
    const opened = await feedMark(fed);
    const first = subscribeWs(ws, WARNING_CHANGES);
    const second = subscribeWs(ws, WARNING_CHANGES);
    await opened.positionsTaken([first, second]);
    const third = subscribeWs(ws, WARNING_CHANGES);
    await third.count(1, 3000);
    expect(codes(third)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    first.dispose();
    // The second still watches; every other stream, the first among them, has ended and released its slot.
    await watchersAtMost(fed, 1);
    const reopened = await feedMark(fed);
    const fourth = subscribeWs(ws, WARNING_CHANGES);
    // A refusal ends the wait at once; the assertion below names it.
    await reopened.positionsTaken([fourth]).catch(() => undefined);
    expect(fourth.error).toBeNull();
    second.dispose();
    fourth.dispose();
    await ws.dispose();
  });

  it('ends the stream with UNAUTHENTICATED when the token expires, and refuses a bad token at connect', async () => {
    const token = `Bearer ${await fed.token({ sub: 'short-lived', role: 'app' }, { expiresInSec: 2 })}`;
    const sse = sseClient(fed, { authorization: token });
    const overSse = subscribeSse(sse, WARNING_CHANGES);
    const ws = wsClient(fed, token);
    const overWs = subscribeWs(ws, WARNING_CHANGES);
    await overSse.count(1, 6000);
    await overWs.count(1, 6000);
    for (const r of [overSse, overWs]) expect(r.payloads.at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = wsClient(fed, 'Bearer not.a.token');
    const refused = subscribeWs(forged, WARNING_CHANGES);
    await refused.count(1, 3000);
    expect(refused.error).not.toBeNull();
    await Promise.all([ws.dispose(), forged.dispose()]);
  });
});
