import type { CreditCodeRegistry } from './credit-code';
import { PROVINCE_ADCODE, type Geography } from './geography';
import { CITY_FACTS } from './places';
import type { Rng } from './prng';
import { DAY, floorTo } from './time';

/** What every part of the generator works with. */
export interface GenContext {
  geo: Geography;
  /** The simulated present, epoch ms. */
  now: number;
  scale: number;
  credit: CreditCodeRegistry;
}

export function cityShortName(geo: Geography, cityCode: string): string {
  return geo.division(cityCode).name.replace(/市$/, '');
}

export function phoneOf(rng: Rng, cityCode: string): string {
  const facts = CITY_FACTS[cityCode];
  if (!facts) throw new Error(`no telephone area code for city ${cityCode}`);
  return `${facts.areaCode}-${rng.int(5, 8)}${rng.digits(7)}`;
}

/** Last changed at some time in the past `days` days, whole seconds. */
export function recentlyUpdated(rng: Rng, now: number, days = 30): number {
  return floorTo(now - rng.float(0, days * DAY), 1000);
}

/** Registering authority of a local organisation: its county, its city or its province. */
export function authorityFor(rng: Rng, geo: Geography, county: string): string {
  const d = geo.division(county);
  return rng.weighted([[county, 65], [d.cityCode, 25], [PROVINCE_ADCODE[d.province], 10]] as const);
}

/** A name not used before in `taken`; after a few tries, a numbered variant of one. */
export function uniqueName(
  taken: Set<string>,
  make: () => string,
  variant: (base: string, n: number) => string = (base, n) => `${base}第${n}分公司`,
  attempts = 12,
): string {
  for (let i = 0; i < attempts; i++) {
    const name = make();
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const base = make();
  for (let n = 2; ; n++) {
    const name = variant(base, n);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
