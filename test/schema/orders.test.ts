import { decodeCursor, encodeCursor } from '../../schema/cursor';
import { compareKeys, orderFor, warningKey, waybillKey } from '../../schema/orders';
import { compareProvinceKeys } from '../../gateway/shard-router/orders';

describe('connection orders and cursors', () => {
  it('round-trips a sort key through a cursor and refuses garbage with BAD_USER_INPUT', () => {
    expect(decodeCursor(encodeCursor([0, 1783816200000, 'SH:Warning:1']))).toEqual([0, 1783816200000, 'SH:Warning:1']);
    expect(() => decodeCursor('nope')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } }));
  });

  it('orders warnings RED first, then newest issue, then id', () => {
    const w = (id: string, level: 'RED' | 'BLUE', issuedAt: string) => ({ id, level, issuedAt });
    const list = [
      w('b', 'BLUE', '2026-07-12T08:00:00+08:00'),
      w('c', 'RED', '2026-07-11T08:00:00+08:00'),
      w('a', 'RED', '2026-07-12T08:00:00+08:00'),
      w('d', 'RED', '2026-07-11T08:00:00+08:00'),
    ];
    const sorted = [...list].sort((x, y) => compareKeys('warnings', warningKey(x), warningKey(y))).map((x) => x.id);
    expect(sorted).toEqual(['a', 'c', 'd', 'b']);
  });

  it('orders waybills newest departure first, not yet departed last, then id', () => {
    const list = [
      { id: 'x', departedAt: null },
      { id: 'b', departedAt: '2026-07-10T08:00:00+08:00' },
      { id: 'a', departedAt: '2026-07-12T08:00:00+08:00' },
      { id: 'w', departedAt: null },
    ];
    expect([...list].sort((p, q) => compareKeys('waybills', waybillKey(p), waybillKey(q))).map((p) => p.id)).toEqual(['a', 'b', 'w', 'x']);
  });

  it('chooses the distance order when filter.near is given', () => {
    expect(orderFor('rescueBases', {})).toBe('rescueBases');
    expect(orderFor('rescueBases', { filter: { near: { point: { lng: 121, lat: 31 }, radiusKm: 5 } } })).toBe('rescueBasesByDistance');
    const compare = compareProvinceKeys('rescueBases', { filter: { near: {} } });
    expect(compare([1.5, 'SH:RescueBase:B'], [12, 'AH:RescueBase:A'])).toBeLessThan(0);
    expect(compareProvinceKeys('rescueBases', {})(['SH:RescueBase:B'], ['AH:RescueBase:A'])).toBeGreaterThan(0);
  });
});
