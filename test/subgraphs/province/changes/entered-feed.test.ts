import { loadDataset } from '../../../support/test-dataset';
import type { ProvinceCode, TrackPointRecord } from '../../../../schema/model';
import type { TripInTransit } from '../../../../schema/push/feed';
import { BorderCrossings } from '../../../../subgraphs/province/changes/border-crossings';
import { EnteredFeed } from '../../../../subgraphs/province/changes/entered-feed';
import { tripsInTransit } from '../../../../subgraphs/province/changes/trips-in-transit';
import { TEST_NOW } from '../../../support/federation';
import { ManualClock } from '../../../support/manual-clock';

const dataset = loadDataset({ seed: 'test', now: TEST_NOW, scale: 1 });

/** The province entered by the most trips in transit whose tracks show the crossing, and those trips. */
function busiestDestination(): { province: ProvinceCode; trips: TripInTransit[] } {
  const crossing = tripsInTransit(dataset.waybills).filter((t) => t.toward !== null && dataset.trackPoints.some((p) => p.plate === t.plate && p.province === t.toward && Date.parse(p.at) >= Date.parse(t.departedAt)));
  const byProvince = new Map<ProvinceCode, TripInTransit[]>();
  for (const t of crossing) byProvince.set(t.toward as ProvinceCode, [...(byProvince.get(t.toward as ProvinceCode) ?? []), t]);
  const [province, trips] = [...byProvince.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  return { province, trips };
}

/** A province's track reads that wait until the test lets each one answer, as a rate-limited system makes them wait. */
class HeldTracks {
  readonly started: string[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly province: ProvinceCode) {}

  readonly read = (plate: string, from: Date, to: Date): Promise<readonly TrackPointRecord[]> => {
    this.started.push(plate);
    return new Promise((resolve) =>
      this.waiting.push(() => resolve(dataset.trackPoints.filter((p) => p.plate === plate && p.province === this.province && Date.parse(p.at) >= from.getTime() && Date.parse(p.at) <= to.getTime()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at)))),
    );
  };

  /** Lets the oldest waiting read answer, then lets the detection go on to its next read. */
  async answerOne(): Promise<void> {
    this.waiting.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
}

describe('EnteredFeed over a slow system', () => {
  const { province, trips } = busiestDestination();

  it('answers a page within its wait while track reads are still held, logs each crossing as its track is read, and runs one detection for concurrent pages', async () => {
    expect(trips.length).toBeGreaterThanOrEqual(2);
    const tracks = new HeldTracks(province);
    const crossings = new BorderCrossings({ province, track: tracks.read, periodMs: 10_000, since: 0 });
    const feed = new EnteredFeed(new ManualClock(TEST_NOW), crossings, 50);

    const first = await feed.page({ after: null, trips });
    expect(first.entries).toEqual([]);
    expect(first.unavailable).toBeNull();
    const concurrent = await Promise.all([feed.page({ after: null, trips }), feed.page({ after: first.epoch + ':' + first.seq, trips })]);
    expect(concurrent.map((p) => p.entries)).toEqual([[], []]);
    expect(tracks.started).toEqual([trips[0].plate]);

    await tracks.answerOne();
    const afterOne = await feed.page({ after: `${first.epoch}:${first.seq}`, trips });
    expect(afterOne.entries.map((e) => [e.kind, e.waybillId, e.toward])).toEqual([['ENTERED', trips[0].waybillId, province]]);
    expect(tracks.started).toEqual([trips[0].plate, trips[1].plate]);

    for (let i = 1; i < trips.length; i++) await tracks.answerOne();
    const rest = await feed.page({ after: `${afterOne.epoch}:${afterOne.seq}`, trips });
    expect(rest.entries.map((e) => e.waybillId)).toEqual(trips.slice(1).map((t) => t.waybillId));
    expect(tracks.started).toEqual(trips.map((t) => t.plate));
  });
});
