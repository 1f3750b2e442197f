import { loadDataset } from '../../../support/test-dataset';
import { provinceOfAdcode } from '../../../../schema/geography';
import type { ProvinceCode, TrackPointRecord } from '../../../../schema/model';
import { watchesTrip, type TripInTransit } from '../../../../schema/push/feed';
import { BorderCrossings, LEFT_AFTER_GAP_MS } from '../../../../subgraphs/province/changes/border-crossings';
import { provinceAtPoint } from '../../../../subgraphs/province/changes/province-at-point';
import { tripsInTransit } from '../../../../subgraphs/province/changes/trips-in-transit';
import { TEST_NOW } from '../../../support/federation';

const dataset = loadDataset({ seed: 'test', now: TEST_NOW, scale: 1 });
const NOW = TEST_NOW;

type TripToward = TripInTransit & { toward: ProvinceCode };

/** The trips of the data set in transit toward a province, with the points that province's system recorded of them since departure. */
function crossingTrips(): { trip: TripToward; points: TrackPointRecord[] }[] {
  return tripsInTransit(dataset.waybills).filter((t): t is TripToward => t.toward !== null).map((trip) => ({
    trip,
    points: dataset.trackPoints
      .filter((p) => p.plate === trip.plate && p.province === trip.toward && Date.parse(p.at) >= Date.parse(trip.departedAt))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  }));
}

function detector(province: ProvinceCode, points: readonly TrackPointRecord[], calls: { n: number } = { n: 0 }, since = 0): BorderCrossings {
  return new BorderCrossings({
    province,
    periodMs: 10_000,
    since,
    track: async (plate, from, to) => {
      calls.n += 1;
      return points.filter((p) => p.plate === plate && Date.parse(p.at) >= from.getTime() && Date.parse(p.at) <= to.getTime());
    },
  });
}

describe('BorderCrossings (ENTERED)', () => {
  const withPoints = crossingTrips().filter((c) => c.points.length > 0);

  it('finds in the canonical data set one crossing per trip that reached its destination province, at the first point the county boundaries place inside it', async () => {
    expect(withPoints.length).toBeGreaterThan(3);
    for (const { trip, points } of withPoints) {
      const { entries, failure } = await detector(trip.toward, points).detect([trip], NOW);
      expect(failure).toBeNull();
      const firstInside = points.find((p) => provinceAtPoint(p.location) === trip.toward) as TrackPointRecord;
      expect(entries.map((e) => [e.kind, e.waybillId, e.toward, e.pointAt, e.plate])).toEqual([['ENTERED', trip.waybillId, trip.toward, firstInside.at, trip.plate]]);
      expect(entries[0].at).toBe(new Date(firstInside.at).toISOString());
    }
  });

  it('reads a trip again at most once per period, and a re-read or another replica detects nothing new or the same key', async () => {
    const { trip, points } = withPoints[0];
    const calls = { n: 0 };
    const d = detector(trip.toward, points, calls);
    const first = await d.detect([trip], NOW);
    expect((await d.detect([trip], new Date(NOW.getTime() + 1000))).entries).toEqual([]);
    expect(calls.n).toBe(1);
    expect((await d.detect([trip], new Date(NOW.getTime() + 20_000))).entries).toEqual([]);
    expect(calls.n).toBe(2);
    const replica = await detector(trip.toward, points).detect([trip], NOW);
    expect(replica.entries.map((e) => e.key)).toEqual(first.entries.map((e) => e.key));
  });

  it('answers asks made at once (several gateways) one after the other: one read of the trip, its crossing reported once', async () => {
    const { trip, points } = withPoints[0];
    const calls = { n: 0 };
    const d = detector(trip.toward, points, calls);
    const [one, two] = await Promise.all([d.detect([trip], NOW), d.detect([trip], NOW)]);
    expect(calls.n).toBe(1);
    expect([...one.entries, ...two.entries].map((e) => e.kind)).toEqual(['ENTERED']);
  });

  it('counts a crossing again after the vehicle was out of the province (a gap in its recording), and none for a trip that starts inside', async () => {
    const { trip, points } = withPoints[0];
    const last = points[points.length - 1];
    const back = { ...last, at: new Date(Date.parse(last.at) + LEFT_AFTER_GAP_MS + 60_000).toISOString() };
    const later = new Date(Math.max(NOW.getTime(), Date.parse(back.at)) + 1000);
    const d = detector(trip.toward, [...points, back]);
    expect((await d.detect([trip], later)).entries.map((e) => e.pointAt)).toHaveLength(2);
    const inside = trip.adcodes.find((c) => provinceOfAdcode(c) === trip.toward) as string;
    const startsInside: TripInTransit = { ...trip, originAdcode: inside, departedAt: points[0].at };
    expect((await detector(trip.toward, points).detect([startsInside], NOW)).entries).toEqual([]);
  });

  it('keeps crossings before its start as history: they place the vehicle without becoming events', async () => {
    const { trip, points } = withPoints[0];
    const last = points[points.length - 1];
    const d = detector(trip.toward, points, { n: 0 }, Date.parse(last.at) + 1000);
    expect((await d.detect([trip], NOW)).entries).toEqual([]);
  });

  it('finds no crossing into a province the track never enters, and reports a system that does not answer, detecting the trip on the next read', async () => {
    const { trip, points } = withPoints[0];
    const other = (['SH', 'JS', 'ZJ', 'AH'] as const).find((p) => p !== trip.toward) as ProvinceCode;
    expect((await detector(other, points).detect([trip], NOW)).entries).toEqual([]);
    let down = true;
    const d = new BorderCrossings({ province: trip.toward, periodMs: 10_000, since: 0, track: async () => { if (down) throw new Error('JS system unavailable'); return points; } });
    expect(await d.detect([trip], NOW)).toEqual({ entries: [], failure: 'JS system unavailable' });
    down = false;
    expect((await d.detect([trip], NOW)).entries).toHaveLength(1);
  });
});

/** The trips of the data set that pass through a province they neither start nor end in, with the points that province's system recorded since departure. */
function passThroughTrips(): { trip: TripInTransit; through: ProvinceCode; points: TrackPointRecord[] }[] {
  return tripsInTransit(dataset.waybills).flatMap((trip) =>
    (['SH', 'JS', 'ZJ', 'AH'] as const)
      .filter((p) => p !== trip.toward && trip.originAdcode !== null && provinceOfAdcode(trip.originAdcode) !== p)
      .map((through) => ({
        trip,
        through,
        points: dataset.trackPoints
          .filter((p) => p.plate === trip.plate && p.province === through && Date.parse(p.at) >= Date.parse(trip.departedAt))
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
      }))
      .filter((c) => c.points.some((p) => provinceAtPoint(p.location) === c.through)),
  );
}

describe('BorderCrossings (ENTERED) for trips that only pass through', () => {
  const passing = passThroughTrips();

  it('finds in the canonical data set one crossing per trip into each province it passes through, watched by that province, with the county entered among the adcodes', async () => {
    expect(passing.length).toBeGreaterThan(0);
    for (const { trip, through, points } of passing) {
      expect(watchesTrip(through, trip)).toBe(true);
      const { entries, failure } = await detector(through, points).detect([trip], NOW);
      expect(failure).toBeNull();
      const firstInside = points.find((p) => provinceAtPoint(p.location) === through) as TrackPointRecord;
      expect(entries.map((e) => [e.kind, e.waybillId, e.toward, e.pointAt, e.plate])).toEqual([['ENTERED', trip.waybillId, through, firstInside.at, trip.plate]]);
      expect(entries[0].key).toBe(`${trip.waybillId}:ENTERED:${through}@${firstInside.at}`);
      expect(entries[0].adcodes.slice(0, trip.adcodes.length)).toEqual(trip.adcodes);
      const county = entries[0].adcodes[entries[0].adcodes.length - 1];
      expect(provinceOfAdcode(county)).toBe(through);
      const replica = await detector(through, points).detect([trip], new Date(NOW.getTime() + 5000));
      expect(replica.entries.map((e) => e.key)).toEqual([entries[0].key]);
    }
  });

  it('is not watched by the province it starts in, nor, when its start is unknown, by any province but its destination', async () => {
    const { trip, through, points } = passing[0];
    const start = provinceOfAdcode(trip.originAdcode as string);
    if (start) expect(watchesTrip(start, trip)).toBe(false);
    const unknownStart: TripInTransit = { ...trip, originAdcode: null };
    expect(watchesTrip(through, unknownStart)).toBe(false);
    const calls = { n: 0 };
    expect((await detector(through, points, calls).detect([unknownStart], NOW)).entries).toEqual([]);
    expect(calls.n).toBe(0);
  });
});
