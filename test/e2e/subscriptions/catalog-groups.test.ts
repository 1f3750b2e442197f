import { provinceOfAdcode } from '../../../schema/geography';
import type { WaybillRecord } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { EVERY_ENTRY, type TokenClaims } from '../../support/tokens';
import { disposeClients, feedMark, nextSecond, quietPeriod, sseClient, startPushFederation, subscribeSse, subscribeWs, TRIP_STATUS_FEED, waitFor, wsClient, type Received } from './harness';

/**
 * One event's payload is made once per group of subscriptions that would make the same (same
 * document, variables, caller and token) and fanned out. Callers of different catalogs on the
 * same event must still each see exactly their own fields: each subscriber's waybill is compared
 * with what the same caller reads by query, and with the other members of its group.
 */

let fed: Federation;

beforeAll(async () => {
  fed = await startPushFederation({ replicaMaxAgeMs: { warnings: 200, waybills: 200 } });
});
afterAll(async () => {
  await disposeClients();
  await fed?.close();
});

const SELECTION = 'id status goods { unNumber } crew { role name }';
const EVENTS = `subscription Trips($filter: HazmatTransportFilter!) { hazmatTransportEvents(filter: $filter) { id kind waybill { ${SELECTION} } } }`;

interface Caller {
  name: string;
  claims: TokenClaims | null;
  /** The conditional fields this caller is refused. */
  forbidden: string[];
}

const CALLERS: Caller[] = [
  { name: 'whole catalog', claims: EVERY_ENTRY, forbidden: [] },
  { name: 'HAZMAT_DETAIL only', claims: { sub: 'exchange-hazmat', role: 'exchange', catalog: ['HAZMAT_DETAIL'] }, forbidden: ['crew'] },
  { name: 'TRANSPORT_CREW only', claims: { sub: 'exchange-crew', role: 'exchange', catalog: ['TRANSPORT_CREW'] }, forbidden: ['goods'] },
  { name: 'anonymous', claims: null, forbidden: ['goods', 'crew'] },
];

type Payload = { data: { hazmatTransportEvents: { kind: string; waybill: Record<string, unknown> } } | null; errors?: { path?: readonly (string | number)[]; extensions?: { code?: unknown } }[] };

describe('hazmatTransportEvents: one payload per group, the catalog exact per caller', () => {
  it('gives three subscribers of each of four callers (over both protocols) the same event, each exactly the fields its catalog releases', async () => {
    const trip = fed.dataset.waybills.find((w) => w.status === 'PLANNED' && w.destination.divisionCode && provinceOfAdcode(w.destination.divisionCode) !== w.province && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId)) as WaybillRecord;
    const toward = provinceOfAdcode(trip.destination.divisionCode as string);
    const subscribed: { caller: Caller; authorization: string | undefined; received: Received[] }[] = [];
    const mark = await feedMark(fed);
    for (const caller of CALLERS) {
      const authorization = caller.claims ? `Bearer ${await fed.token(caller.claims)}` : undefined;
      const variables = { filter: { toward } };
      const received = [
        subscribeWs(wsClient(fed, authorization), EVENTS, variables),
        subscribeWs(wsClient(fed, authorization), EVENTS, variables),
        subscribeSse(sseClient(fed, authorization ? { authorization } : {}), EVENTS, variables),
      ];
      subscribed.push({ caller, authorization, received });
    }
    await mark.positionsTaken(subscribed.flatMap((s) => s.received), TRIP_STATUS_FEED, [trip.province]);
    const touchTrip = async (status: string) => {
      const res = await fetch(`${fed.sims[trip.province].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: trip.sourceId, patch: { status } }) });
      expect(res.status).toBe(200);
    };
    const ofKind = (r: Received, kind: string): Payload[] => (r.payloads as Payload[]).filter((p) => p.data?.hazmatTransportEvents.kind === kind);
    const arrivedOf = (r: Received): Payload[] => ofKind(r, 'ARRIVED');
    // Two changes, the second in a later second (the systems stamp whole seconds); the second is compared.
    await touchTrip('IN_TRANSIT');
    await waitFor(() => ofKind(subscribed[0].received[0], 'DEPARTED_TOWARD').length > 0);
    await nextSecond(fed);
    await touchTrip('ARRIVED');
    for (const s of subscribed) for (const r of s.received) await waitFor(() => arrivedOf(r).length > 0 || r.error !== null);
    // Each ARRIVED once.
    await quietPeriod(300);

    for (const { caller, authorization, received } of subscribed) {
      const read = await fed.query<{ waybill: Record<string, unknown> }>(`query W($id: ID!) { waybill(id: $id) { ${SELECTION} } }`, { id: trip.id }, authorization ? { authorization } : {});
      for (const r of received) {
        expect([caller.name, arrivedOf(r).length, r.error]).toEqual([caller.name, 1, null]);
        const payload = arrivedOf(r)[0];
        const event = payload.data?.hazmatTransportEvents;
        // Exactly what this caller reads by query: every released field, null where refused.
        expect([caller.name, event?.waybill]).toEqual([caller.name, read.data?.waybill]);
        for (const field of ['goods', 'crew']) {
          const refused = caller.forbidden.includes(field);
          expect([caller.name, field, event?.waybill[field] === null]).toEqual([caller.name, field, refused]);
        }
        const forbiddenPaths = (payload.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));
        expect([caller.name, forbiddenPaths.sort()]).toEqual([caller.name, caller.forbidden.map((f) => `hazmatTransportEvents.waybill.${f}`).sort()]);
      }
      // The members of one group received the same payload.
      expect(received.map((r) => arrivedOf(r)[0])).toEqual(received.map(() => arrivedOf(received[0])[0]));
    }
    // The catalog matters on this trip: the whole catalog sees goods and crew.
    const whole = arrivedOf(subscribed[0].received[0])[0].data?.hazmatTransportEvents.waybill;
    expect(whole?.goods).not.toBeNull();
    expect(whole?.crew).not.toBeNull();
  }, 120_000);
});
