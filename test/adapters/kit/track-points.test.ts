import { trackInWindow } from '../../../adapters/kit/track-points';
import type { TrackPointRecord } from '../../../schema/model';

const point = (at: string): TrackPointRecord => ({
  plate: '浙B12345',
  province: 'ZJ',
  at,
  location: { lng: 120.1, lat: 30.2 },
  speedKmh: 60,
});
const FROM = new Date('2026-07-12T08:00:00+08:00');
const TO = new Date('2026-07-12T09:00:00+08:00');
const issue = { code: 'LEGACY_DATA_INVALID' as const, province: 'ZJ' as const, sourceId: '浙B12345@?', reason: 'no time' };

describe('trackInWindow', () => {
  it('keeps the points in [from, to], both ends included', () => {
    const inside = ['2026-07-12T08:00:00+08:00', '2026-07-12T08:30:00+08:00', '2026-07-12T09:00:00+08:00'];
    const outside = ['2026-07-12T07:59:59+08:00', '2026-07-12T09:00:01+08:00'];
    const track = trackInWindow({ records: [...outside, ...inside].map(point), invalid: [] }, FROM, TO);
    expect(track.records.map((p) => p.at)).toEqual(inside);
  });

  it('orders the points by time, whatever the offset they are written with', () => {
    const track = trackInWindow({ records: ['2026-07-12T08:40:00+08:00', '2026-07-12T00:10:00Z', '2026-07-12T08:20:00+08:00'].map(point), invalid: [] }, FROM, TO);
    expect(track.records.map((p) => p.at)).toEqual(['2026-07-12T00:10:00Z', '2026-07-12T08:20:00+08:00', '2026-07-12T08:40:00+08:00']);
  });

  it('keeps the unmappable points reported', () => {
    expect(trackInWindow({ records: [], invalid: [issue] }, FROM, TO)).toEqual({ records: [], invalid: [issue] });
  });
});
