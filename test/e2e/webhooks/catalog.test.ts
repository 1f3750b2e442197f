import { createHash } from 'node:crypto';
import { provinceOfAdcode } from '../../../schema/geography';
import type { ProvinceCode, WaybillRecord } from '../../../schema/model';
import type { AccessRecord } from '../../../schema/access-log/types';
import type { Caller } from '../../../schema/sharing-catalog';
import { CATALOG_ENTRIES } from '../../../schema/sharing-catalog';
import type { Federation } from '../../support/federation';
import { WebhookReceiver } from '../../support/webhook-receiver';
import type { WebhookRegistration } from '../../../schema/webhooks/types';
import { disposeClients, feedMark, startPushFederation, subscribeWs, TRIP_STATUS_FEED, wsClient } from '../subscriptions/harness';
import { app, removeFile, subscribeWebhook, webhookEnv, webhookFile, WEBHOOK_SECRET } from './harness';

let fed: Federation;
const receiver = new WebhookReceiver();
const file = webhookFile();

beforeAll(async () => {
  await receiver.start();
  fed = await startPushFederation({ replicaMaxAgeMs: { warnings: 200, waybills: 200 }, gatewayEnv: webhookEnv(receiver, file) });
});
afterAll(async () => {
  await disposeClients();
  await fed?.close();
  await receiver.close();
  await removeFile(file);
});

const TRIPS = `subscription Trips($filter: HazmatTransportFilter!) {
  hazmatTransportEvents(filter: $filter) { id kind province waybill { id status goods { unNumber } crew { name } } }
}`;

/** What an access record names a subscription event or webhook delivery by: the subscriber's own document (Apollo's queryHash), not the key query the gateway runs. */
const TRIPS_HASH = createHash('sha256').update(TRIPS).digest('hex');

interface TripPayload {
  data: { hazmatTransportEvents: { kind: string; waybill: { id: string; goods: unknown; crew: unknown } } } | null;
  errors?: { path?: string[]; extensions?: { code?: string; entry?: string } }[];
}

async function records(): Promise<AccessRecord[]> {
  await fed.gateway.accessRecorder.flush();
  const all: AccessRecord[] = [];
  for await (const r of fed.gateway.accessRecorder.store.scan()) all.push(r);
  return all;
}

/** The webhook deliveries and subscription events in the access log, once `complete` says they are all there (or after 20 s: the assertions then say what is missing). */
async function pushedRecords(complete: (pushed: AccessRecord[]) => boolean): Promise<AccessRecord[]> {
  for (const until = Date.now() + 20_000; ; ) {
    const pushed = (await records()).filter((r) => r.kind === 'WEBHOOK' || r.kind === 'SUBSCRIPTION_EVENT');
    if (complete(pushed) || Date.now() > until) return pushed;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a webhook payload under the registering caller\'s catalog', () => {
  it('releases each conditional field of a waybill by the catalog matrix, and records each delivered webhook and subscription event that carried conditional data', async () => {
    const trip = fed.dataset.waybills.find((w) => w.status === 'PLANNED' && (w.crew?.length ?? 0) > 0 && w.destination.divisionCode && provinceOfAdcode(w.destination.divisionCode) !== w.province && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId)) as WaybillRecord;
    const toward = provinceOfAdcode(trip.destination.divisionCode as string) as ProvinceCode;
    const own: Caller = { sub: `duty-${trip.province}`, role: 'province', province: trip.province, catalog: [] };
    const matrix: [string, Caller, { goods: boolean; crew: boolean }][] = [
      ['none', app('app-none'), { goods: false, crew: false }],
      ['hazmat', app('app-hazmat', ['HAZMAT_DETAIL']), { goods: true, crew: false }],
      ['crew', app('app-crew', ['TRANSPORT_CREW']), { goods: false, crew: true }],
      ['own province', own, { goods: true, crew: true }],
      ['every entry', { sub: 'exchange-all', role: 'exchange', province: null, catalog: CATALOG_ENTRIES }, { goods: true, crew: true }],
    ];
    const webhooks: WebhookRegistration[] = [];
    for (const [name, caller] of matrix) {
      receiver.script(`/${name.replace(/ /g, '-')}`, [{ status: 200 }], WEBHOOK_SECRET);
      webhooks.push(await subscribeWebhook(fed, `${receiver.origin}/${name.replace(/ /g, '-')}`, TRIPS, { filter: { toward } }, caller, WEBHOOK_SECRET, [fed.gateway], { feeds: TRIP_STATUS_FEED, provinces: [trip.province] }));
    }
    const mark = await feedMark(fed);
    const watcher = subscribeWs(wsClient(fed, `Bearer ${await fed.token({ sub: 'watcher-hazmat', role: 'app', catalog: ['HAZMAT_DETAIL'] })}`), TRIPS, { filter: { toward } });
    await mark.positionsTaken([watcher], TRIP_STATUS_FEED, [trip.province]);
    const res = await fetch(`${fed.sims[trip.province].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: trip.sourceId, patch: { status: 'IN_TRANSIT' } }) });
    expect(res.status).toBe(200);
    await watcher.count(1, 20_000);
    for (const [name, , visible] of matrix) {
      const [got] = await receiver.count(`/${name.replace(/ /g, '-')}`, 1, 20_000);
      const body = got.verified as TripPayload;
      const waybill = body.data?.hazmatTransportEvents.waybill;
      expect([name, waybill?.id, waybill?.goods !== null, waybill?.crew !== null]).toEqual([name, trip.id, visible.goods, visible.crew]);
      const forbidden = (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => [e.path?.join('.'), e.extensions?.entry]);
      expect([name, forbidden]).toEqual([
        name,
        [...(visible.goods ? [] : [['hazmatTransportEvents.waybill.goods', 'HAZMAT_DETAIL']]), ...(visible.crew ? [] : [['hazmatTransportEvents.waybill.crew', 'TRANSPORT_CREW']])],
      ]);
    }
    // A delivery is recorded once the receiver has answered it, after the receiver counted it: until every one is in the log.
    const pushed = await pushedRecords((rs) => rs.filter((r) => r.kind === 'WEBHOOK').length >= matrix.length && rs.some((r) => r.kind === 'SUBSCRIPTION_EVENT' && r.sub === 'watcher-hazmat'));
    const of = (kind: string, sub: string) => pushed.filter((r) => r.kind === kind && r.sub === sub).map((r) => ({ released: r.released, refused: r.refused, role: r.role, hash: r.operationHash === TRIPS_HASH, name: r.operationName }));
    expect(of('WEBHOOK', 'app-hazmat')).toEqual([{ released: [{ entry: 'HAZMAT_DETAIL', province: trip.province, records: 1 }], refused: [{ entry: 'TRANSPORT_CREW', province: trip.province, records: 1 }], role: 'app', hash: true, name: 'Trips' }]);
    expect(of('WEBHOOK', 'app-none')).toEqual([{ released: [], refused: [{ entry: 'HAZMAT_DETAIL', province: trip.province, records: 1 }, { entry: 'TRANSPORT_CREW', province: trip.province, records: 1 }], role: 'app', hash: true, name: 'Trips' }]);
    expect(of('WEBHOOK', own.sub as string)).toEqual([{ released: [{ entry: 'HAZMAT_DETAIL', province: trip.province, records: 1 }, { entry: 'TRANSPORT_CREW', province: trip.province, records: 1 }], refused: [], role: 'province', hash: true, name: 'Trips' }]);
    expect(of('SUBSCRIPTION_EVENT', 'watcher-hazmat')).toEqual([{ released: [{ entry: 'HAZMAT_DETAIL', province: trip.province, records: 1 }], refused: [{ entry: 'TRANSPORT_CREW', province: trip.province, records: 1 }], role: 'app', hash: true, name: 'Trips' }]);
    // A delivery is recorded as it is accepted, not as it is resolved: once per webhook.
    expect(pushed.filter((r) => r.kind === 'WEBHOOK')).toHaveLength(matrix.length);
    for (const w of webhooks) await fed.gateway.webhooks.store.remove(w.id);
  });
});
