import type { TrackPointRecord } from '../../schema/model';
import type { Mapped } from './province-adapter';

/**
 * A track as the adapter interface promises it: the points recorded in [from, to] (both ends
 * included), ordered by time. The systems are asked for that window, but an answer is not trusted
 * to keep to it or to its order.
 */
export function trackInWindow(mapped: Mapped<TrackPointRecord>, from: Date, to: Date): Mapped<TrackPointRecord> {
  const start = from.getTime();
  const end = to.getTime();
  const records = mapped.records
    .map((point) => ({ point, at: Date.parse(point.at) }))
    .filter(({ at }) => at >= start && at <= end)
    .sort((a, b) => a.at - b.at)
    .map(({ point }) => point);
  return { records, invalid: mapped.invalid };
}
