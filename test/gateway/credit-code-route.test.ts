import { routeCreditCodeBy, type HoldingsView } from '../../gateway/shard-router/credit-code-route';
import type { ProvinceCode } from '../../schema/model';
import { code } from '../fixtures/shard-router/mini-shards';

/**
 * The routing rule for credit codes: the registering province when it holds the code, else the
 * province the index names (the oldest record), else nobody; provinces whose holdings are not
 * known yet are asked too, the registering one first.
 */

const SH31 = code('31', 1);
const OUTSIDE = code('37', 1);
const T1 = Date.parse('2026-07-01T00:00:00+08:00');
const T2 = Date.parse('2026-07-02T00:00:00+08:00');

type Known = Partial<Record<ProvinceCode, Record<string, number> | null>>;

/** Every province known and holding nothing, unless said otherwise (null: not known yet). */
function view(known: Known): HoldingsView {
  return new Map((['SH', 'JS', 'ZJ', 'AH'] as const).map((p) => {
    const part = known[p];
    return [p, part === null ? null : new Map(Object.entries(part ?? {}))];
  }));
}

const CASES: { name: string; code: string; known: Known; route: unknown }[] = [
  { name: 'registering province holds it: there only', code: SH31, known: { SH: { [SH31]: T2 }, JS: { [SH31]: T1 } }, route: { kind: 'province', province: 'SH', fallbacks: [] } },
  { name: 'held by another province only: there only', code: SH31, known: { JS: { [SH31]: T2 } }, route: { kind: 'province', province: 'JS', fallbacks: [] } },
  { name: 'held by two others: the oldest record', code: SH31, known: { JS: { [SH31]: T2 }, AH: { [SH31]: T1 } }, route: { kind: 'province', province: 'AH', fallbacks: [] } },
  { name: 'held by two others updated at once: the first in SH, JS, ZJ, AH order', code: SH31, known: { AH: { [SH31]: T1 }, ZJ: { [SH31]: T1 } }, route: { kind: 'province', province: 'ZJ', fallbacks: [] } },
  { name: 'held by nobody, registered in the region: null without asking anyone', code: SH31, known: {}, route: { kind: 'unheld' } },
  { name: 'registered outside the region and held: the holder', code: OUTSIDE, known: { ZJ: { [OUTSIDE]: T1 } }, route: { kind: 'province', province: 'ZJ', fallbacks: [] } },
  { name: 'registered outside the region, held twice: the oldest', code: OUTSIDE, known: { JS: { [OUTSIDE]: T2 }, AH: { [OUTSIDE]: T1 } }, route: { kind: 'province', province: 'AH', fallbacks: [] } },
  { name: 'registered outside the region, held by nobody: OUTSIDE_REGION', code: OUTSIDE, known: {}, route: { kind: 'outside', reason: expect.stringContaining('outside the region') } },
  { name: 'registering province not known yet, another holds it: the registering one first, then the holder', code: SH31, known: { SH: null, JS: { [SH31]: T1 } }, route: { kind: 'province', province: 'SH', fallbacks: ['JS'] } },
  { name: 'registering province not known yet, nobody known holds it: it, then the others not known', code: SH31, known: { SH: null, ZJ: null }, route: { kind: 'province', province: 'SH', fallbacks: ['ZJ'] } },
  { name: 'nothing known yet: the registering province, then the others', code: SH31, known: { SH: null, JS: null, ZJ: null, AH: null }, route: { kind: 'province', province: 'SH', fallbacks: ['JS', 'ZJ', 'AH'] } },
  { name: 'outside the region, nothing known yet: every province', code: OUTSIDE, known: { SH: null, JS: null, ZJ: null, AH: null }, route: { kind: 'province', province: 'SH', fallbacks: ['JS', 'ZJ', 'AH'] } },
  { name: 'a province not known yet is not asked when a known one holds the code', code: OUTSIDE, known: { SH: null, AH: { [OUTSIDE]: T1 } }, route: { kind: 'province', province: 'AH', fallbacks: [] } },
  { name: 'lower case and spaces: as the upper-case code', code: ` ${SH31.toLowerCase()} `, known: { JS: { [SH31]: T1 } }, route: { kind: 'province', province: 'JS', fallbacks: [] } },
  { name: 'malformed: refused', code: 'not-a-code', known: {}, route: { kind: 'malformed', reason: expect.any(String) } },
  { name: 'a wrong check character: refused, even when a province holds the code as written', code: `${SH31.slice(0, 17)}${SH31[17] === '0' ? '1' : '0'}`, known: { SH: { [`${SH31.slice(0, 17)}${SH31[17] === '0' ? '1' : '0'}`]: T1 } }, route: { kind: 'malformed', reason: expect.stringContaining('check character') } },
];

describe('routing by credit code', () => {
  it.each(CASES)('$name', ({ code: c, known, route }) => {
    expect(routeCreditCodeBy(c, view(known))).toEqual(route);
  });
});
