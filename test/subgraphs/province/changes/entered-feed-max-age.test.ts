import { DEFAULT_JWT_ISSUER } from '../../../../schema/caller';
import { toBeijingIso } from '../../../../adapters/kit/beijing-time';
import { provinceOfAdcode } from '../../../../schema/geography';
import { ENTERED_FEED_PATH, TRIPS_PATH, type ChangeFeedPage, type HazmatTransportEntry, type TripInTransit } from '../../../../schema/push/feed';
import { signServiceToken } from '../../../../schema/service-token';
import { provinceAtPoint } from '../../../../subgraphs/province/changes/province-at-point';
import { tripsInTransit } from '../../../../subgraphs/province/changes/trips-in-transit';
import { DATASET_NOW, testDataset } from '../../../fixtures/dataset-adapter';
import { TEST_JWT_SECRET } from '../../../support/tokens';
import { startHarness, type Harness } from '../harness';

/**
 * CHANGE_FEED_MAX_AGE_MS covers the ENTERED feed as it covers the warnings' and waybills' feeds: the
 * trips in transit (GET /changes/trips) are listed from the waybills' copy at most that old, and the
 * track of each trip watched (POST /changes/entered) is read again once per that period, so a
 * departure or a border crossing is seen within it rather than within the waybills' maximum age;
 * queries keep the maximum age, and the feed's readers (however many) share one pull, or one track
 * read per trip, per period.
 */
const P = 'SH';
const dataset = testDataset();
const bad = new Set(dataset.bad.map((b) => b.record.sourceId));
const waybills = dataset.waybills.filter((w) => w.province === P && !bad.has(w.sourceId));

describe('the ENTERED feed with a maximum age shorter than the waybills copy', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(P, { waybills: 10_000 }, { changeFeedMaxAgeMs: 1_000 });
  });
  afterEach(() => h.close());

  const authorization = async () => `Bearer ${await signServiceToken({ secret: TEST_JWT_SECRET, issuer: DEFAULT_JWT_ISSUER, clockToleranceSec: 5 })}`;

  const trips = async (): Promise<TripInTransit[]> => {
    const res = await fetch(new URL(TRIPS_PATH, h.subgraph.url), { headers: { authorization: await authorization() } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { trips: TripInTransit[] }).trips;
  };

  const entered = async (after: string, asked: TripInTransit[]): Promise<ChangeFeedPage<HazmatTransportEntry>> => {
    const res = await fetch(new URL(ENTERED_FEED_PATH, h.subgraph.url), {
      method: 'POST',
      headers: { authorization: await authorization(), 'content-type': 'application/json' },
      body: JSON.stringify({ after, trips: asked }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as ChangeFeedPage<HazmatTransportEntry>;
  };

  it("lists a trip that departed after the copy's sync once the copy is older than the feed's maximum age, while a query still serves the copy until its own", async () => {
    await h.query('{ waybills(first: 1) { totalCount } }');
    const planned = waybills.find((w) => {
      const toward = w.destination.divisionCode ? provinceOfAdcode(w.destination.divisionCode) : null;
      const from = w.origin.divisionCode ? provinceOfAdcode(w.origin.divisionCode) : null;
      return w.status === 'PLANNED' && toward !== null && toward !== from;
    });
    if (!planned) throw new Error(`no planned waybill of ${P} toward another province in the data set`);
    expect((await trips()).map((t) => t.waybillId)).not.toContain(planned.id);
    const newest = Math.max(...waybills.map((w) => Date.parse(w.updatedAt)));
    h.adapter.upsert('waybills', { ...planned, status: 'IN_TRANSIT', departedAt: toBeijingIso(DATASET_NOW), updatedAt: toBeijingIso(new Date(newest + 60_000)) });
    h.adapter.resetCalls();
    h.clock.advance(1_000);

    await h.query('{ waybills(first: 1) { totalCount } }');
    expect(h.adapter.callCount()).toBe(0);
    const [one, two] = await Promise.all([trips(), trips()]);
    expect(one.filter((t) => t.waybillId === planned.id).map((t) => [t.plate, t.departedAt])).toEqual([[planned.plate, toBeijingIso(DATASET_NOW)]]);
    expect(two).toEqual(one);
    // One incremental pull, shared by both readers; within the period no more.
    expect(h.adapter.calls).toEqual({ 'pull waybills': 1 });
    h.clock.advance(500);
    await trips();
    expect(h.adapter.calls).toEqual({ 'pull waybills': 1 });
  });

  it("reads a watched trip's track again once the feed's maximum age has passed, not the waybills', one read for every ask", async () => {
    const from = tripsInTransit(dataset.waybills).find((t) => t.toward === P && t.originAdcode !== null && provinceOfAdcode(t.originAdcode) !== P);
    const inside = dataset.trackPoints.find((p) => p.province === P && provinceAtPoint(p.location) === P);
    if (!from || !inside) throw new Error(`no trip toward ${P}, or no point inside it, in the data set`);
    // A vehicle the system has recorded nothing of: its first point inside is the crossing.
    const trip: TripInTransit = { ...from, plate: '沪ATEST01' };
    const start = await entered('now', [trip]);
    expect(start.entries).toEqual([]);
    const point = { plate: trip.plate, at: toBeijingIso(new Date(DATASET_NOW.getTime() + 1_000)), location: inside.location, speedKmh: 40 };
    h.adapter.recordTrackPoint(point);
    h.adapter.resetCalls();
    h.clock.advance(1_000);

    const after = `${start.epoch}:${start.seq}`;
    const [one, two] = await Promise.all([entered(after, [trip]), entered(after, [trip])]);
    expect(one.entries.map((e) => [e.kind, e.waybillId, e.toward, e.pointAt])).toEqual([['ENTERED', trip.waybillId, P, point.at]]);
    expect(two.entries).toEqual(one.entries);
    // One track read, shared by both asks; within the period no more.
    expect(h.adapter.calls).toEqual({ track: 1 });
    h.clock.advance(500);
    expect((await entered(after, [trip])).entries).toEqual(one.entries);
    expect(h.adapter.calls).toEqual({ track: 1 });
  });
});
