import {
  globalId, type DangerousGoods, type GeoPoint, type HazmatEnterpriseRecord, type ProvinceCode, type TrackPointRecord,
  type WaybillPartyRecord, type WaybillRecord, type WaybillStatus,
} from '../../schema/model';
import { authorityFor, cityShortName, uniqueName, type GenContext } from './context';
import { DailySerials, waybillNumber } from './legacy-ids';
import {
  BRANDS, CHEMICALS, CITY_FACTS, CORRIDORS, OUTSIDE_PLATE_PREFIXES, OUTSIDE_ROUTES, PARKS, PLATE_PREFIX, PROVINCE_ROUTES,
  type Corridor, type OutsideRoute,
} from './places';
import type { Rng } from './prng';
import { haversineKm, Path, routeAlong, round6 } from './spatial';
import { tripTrack } from './tracks';
import { beijingDate, DAY, floorTo, HOUR, isoBeijing, MINUTE } from './time';
import { NO_TRANSPORT_DETAILS } from './waybill-details';

/**
 * Electronic waybills issued by one province's carriers: along the corridors between provinces,
 * out of the region, and within the province; with the GPS track of every trip that has begun.
 */

export interface WaybillsResult {
  records: WaybillRecord[];
  spares: WaybillRecord[];
  trackPoints: TrackPointRecord[];
}

interface Vehicle {
  plate: string;
  busy: [number, number][];
}

interface Carrier {
  name: string;
  creditCode: string;
  city: string;
  fleet: Vehicle[];
}

/** A party of a trip and where it is. */
interface Place {
  party: WaybillPartyRecord;
  location: GeoPoint;
  /** Chemicals it ships, when it is an enterprise of the data set. */
  ships: readonly string[];
}

interface Trip {
  origin: Place;
  destination: Place;
  path: GeoPoint[];
}

/** Enterprises of the whole data set by prefecture city, so that waybills can name real ones. */
export type EnterpriseIndex = ReadonlyMap<string, readonly HazmatEnterpriseRecord[]>;

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const STATUSES: readonly (readonly [WaybillStatus, number])[] = [['PLANNED', 15], ['IN_TRANSIT', 20], ['ARRIVED', 55], ['CANCELLED', 10]];

const CONSIGNEES: Record<string, readonly string[]> = {
  '1203': ['加油站', '石油销售有限公司'],
  '1075': ['燃气有限公司', '液化气站'],
  '1017': ['水务有限公司', '自来水有限公司'],
  '1789': ['电子材料有限公司', '表面处理有限公司'],
  '1830': ['电池材料有限公司', '冶炼有限公司'],
  '1005': ['冷链物流有限公司', '环保科技有限公司'],
};

class WaybillPlanner {
  private readonly carriers: Carrier[] = [];
  private readonly names = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly ctx: GenContext,
    private readonly province: ProvinceCode,
    private readonly enterprises: EnterpriseIndex,
    private readonly plates: Set<string>,
    carrierCount: number,
  ) {
    const cities = this.carrierCities();
    for (let i = 0; i < carrierCount; i++) {
      const city = rng.weighted(cities);
      const county = rng.pick(ctx.geo.countiesOfCity(city).length > 0 ? ctx.geo.countiesOfCity(city) : ctx.geo.counties(province));
      const name = uniqueName(this.names, () => `${cityShortName(ctx.geo, city)}${rng.pick(BRANDS)}${rng.pick(['危险品运输', '危货运输', '化工物流', '物流', '储运', '运输'])}有限公司`);
      this.carriers.push({ name, creditCode: ctx.credit.issue(rng, authorityFor(rng, ctx.geo, county.adcode), 'enterprise'), city, fleet: [] });
    }
  }

  /** Carriers are based where the chemical industry is. */
  private carrierCities(): [string, number][] {
    const w = new Map<string, number>();
    for (const park of PARKS[this.province]) {
      const city = this.ctx.geo.division(park.county).cityCode;
      w.set(city, (w.get(city) ?? 0) + park.weight);
    }
    for (const c of this.province === 'SH' ? [] : this.ctx.geo.cities(this.province)) w.set(c.adcode, (w.get(c.adcode) ?? 0) + 0.5);
    return [...w.entries()];
  }

  private newPlate(city: string): string {
    for (;;) {
      const prefix = this.rng.chance(0.04)
        ? this.rng.pick(OUTSIDE_PLATE_PREFIXES)
        : PLATE_PREFIX[this.province] + this.rng.pick(CITY_FACTS[city].plateLetters);
      const tail = this.rng.chance(0.4) ? this.rng.pick([...PLATE_LETTERS]) + this.rng.digits(4) : this.rng.digits(5);
      const plate = prefix + tail;
      if (!this.plates.has(plate)) {
        this.plates.add(plate);
        return plate;
      }
    }
  }

  /** A vehicle of the carrier that is free over [from, to] (a new one when none is). */
  vehicle(carrier: Carrier, from: number | null, to: number | null): Vehicle {
    const free = (v: Vehicle): boolean => from === null || to === null || v.busy.every(([a, b]) => to + 30 * MINUTE < a || from - 30 * MINUTE > b);
    for (const v of this.rng.sample(carrier.fleet, 4)) if (free(v)) return this.book(v, from, to);
    const v: Vehicle = { plate: this.newPlate(carrier.city), busy: [] };
    carrier.fleet.push(v);
    return this.book(v, from, to);
  }

  private book(v: Vehicle, from: number | null, to: number | null): Vehicle {
    if (from !== null && to !== null) v.busy.push([from, to]);
    return v;
  }

  carrier(): Carrier {
    return this.rng.pick(this.carriers);
  }

  private enterprisePlace(e: HazmatEnterpriseRecord): Place {
    const location = e.location ?? this.ctx.geo.division(e.divisionCode).centre;
    return { party: { name: e.name, creditCode: e.creditCode, divisionCode: e.divisionCode }, location, ships: e.chemicals.map((c) => c.unNumber) };
  }

  /** A consignee that is not a hazmat enterprise of the data set. */
  private otherPlace(county: string, unNumber: string | null): Place {
    const { geo } = this.ctx;
    const d = geo.division(county);
    const kind = this.rng.pick(CONSIGNEES[unNumber ?? ''] ?? ['化工有限公司', '新材料有限公司', '化工贸易有限公司']);
    const name = `${cityShortName(geo, d.cityCode)}${this.rng.pick(BRANDS)}${kind}`;
    const creditCode = this.rng.chance(0.25) ? null : this.ctx.credit.issue(this.rng, authorityFor(this.rng, geo, county), 'enterprise');
    return { party: { name, creditCode, divisionCode: county }, location: round6(d.centre), ships: [] };
  }

  /** Someone in one of these cities: an enterprise of the data set where there is one. */
  placeIn(cities: readonly string[], unNumber: string | null, wantEnterprise = 0.75): Place {
    const city = this.rng.pick(cities);
    const here = this.enterprises.get(city) ?? [];
    if (here.length > 0 && this.rng.chance(wantEnterprise)) return this.enterprisePlace(this.rng.pick(here));
    const counties = this.ctx.geo.countiesOfCity(city);
    return this.otherPlace(this.rng.pick(counties).adcode, unNumber);
  }

  private outsidePlace(route: OutsideRoute): Place {
    const name = `${route.place.city}${this.rng.pick(BRANDS)}${this.rng.pick(['化工有限公司', '石化有限公司', '化学品物流有限公司'])}`;
    const creditCode = this.rng.chance(0.1) ? null : this.ctx.credit.issue(this.rng, route.place.adcode, 'enterprise');
    return { party: { name, creditCode, divisionCode: route.place.adcode }, location: route.place.centre, ships: [] };
  }

  private citiesOf(province: ProvinceCode): string[] {
    return province === 'SH' ? ['310000'] : this.ctx.geo.cities(province).map((c) => c.adcode);
  }

  /** A trip along a corridor between this province and another. */
  corridorTrip(): Trip {
    const rng = this.rng;
    const corridors = CORRIDORS.filter((c) => c.a.province === this.province || c.b.province === this.province);
    const corridor: Corridor = rng.weighted(corridors.map((c) => [c, c.weight] as const));
    const [home, away] = corridor.a.province === this.province ? [corridor.a, corridor.b] : [corridor.b, corridor.a];
    const outbound = rng.chance(0.75);
    const from = this.placeIn(outbound ? home.cities : away.cities, null);
    const to = this.placeIn(outbound ? away.cities : home.cities, from.ships[0] ?? null);
    return { origin: from, destination: to, path: routeAlong(from.location, to.location, corridor.waypoints) };
  }

  /** A trip between this province and a place outside the region. */
  outsideTrip(): Trip {
    const rng = this.rng;
    const route = rng.pick(OUTSIDE_ROUTES.filter((r) => r.province === this.province));
    const inside = this.placeIn(route.cities, null);
    const outside = this.outsidePlace(route);
    return rng.chance(0.7)
      ? { origin: inside, destination: outside, path: routeAlong(inside.location, outside.location, route.waypoints) }
      : { origin: outside, destination: inside, path: routeAlong(outside.location, inside.location, route.waypoints) };
  }

  /** The city of a point on a motorway of this province. */
  private cityAt(p: GeoPoint): string {
    const county = this.ctx.geo.countyAt(p);
    if (!county) throw new Error(`route waypoint ${p.lng},${p.lat} lies in no county`);
    return this.ctx.geo.division(county).cityCode;
  }

  /** A trip that starts and ends in this province: mostly between two cities on one of its motorways. */
  localTrip(): Trip {
    const rng = this.rng;
    const routes = PROVINCE_ROUTES[this.province];
    let fromCities = this.citiesOf(this.province);
    let toCities = fromCities;
    if (rng.chance(0.6)) {
      const [a, b] = rng.sample(rng.pick(routes), 2);
      fromCities = [this.cityAt(a)];
      toCities = [this.cityAt(b)];
    }
    const from = this.placeIn(fromCities, null, 0.85);
    let to: Place;
    do to = this.placeIn(toCities, from.ships[0] ?? null, 0.5);
    while (to.party.name === from.party.name);
    const near = (p: GeoPoint, r: readonly GeoPoint[]): boolean => r.some((w) => haversineKm(p, w) < 40);
    const route = routes.find((r) => near(from.location, r) && near(to.location, r));
    return { origin: from, destination: to, path: route ? routeAlong(from.location, to.location, route) : [from.location, to.location] };
  }

  goods(ships: readonly string[]): DangerousGoods[] {
    const rng = this.rng;
    const pool = ships.length > 0 ? ships : Object.keys(CHEMICALS);
    const n = pool.length > 1 && rng.chance(0.15) ? 2 : 1;
    return rng.sample(pool, n).map((un) => {
      const c = CHEMICALS[un];
      const kg = Math.round(rng.float(c.loadKg[0], c.loadKg[1]) / n / 10) * 10;
      return { unNumber: un, name: c.name, hazardClass: c.hazardClass, packingGroup: c.packingGroup, kilograms: kg };
    });
  }
}

export function generateWaybills(
  rng: Rng,
  ctx: GenContext,
  province: ProvinceCode,
  enterprises: EnterpriseIndex,
  plates: Set<string>,
  count: number,
  spareCount: number,
): WaybillsResult {
  const { now, geo } = ctx;
  const planner = new WaybillPlanner(rng, ctx, province, enterprises, plates, Math.max(4, Math.round(count / 12)));
  const serials = new DailySerials();
  const spareAt = new Set(rng.sample([...Array(count + spareCount).keys()], spareCount));
  const drafts: { record: Omit<WaybillRecord, 'id' | 'sourceId' | 'number'>; created: number; spare: boolean }[] = [];
  const trackPoints: TrackPointRecord[] = [];

  for (let i = 0; i < count + spareCount; i++) {
    const kind = rng.weighted([['corridor', 50], ['outside', 10], ['local', 40]] as const);
    const trip = kind === 'corridor' ? planner.corridorTrip() : kind === 'outside' ? planner.outsideTrip() : planner.localTrip();
    const path = new Path(trip.path);
    const status = rng.weighted(STATUSES);
    const speed = rng.float(55, 72);
    const duration = floorTo((path.lengthKm / speed) * HOUR + rng.int(5, 25) * MINUTE, 1000);

    let departedAt: number | null = null;
    let created: number;
    let updated: number;
    if (status === 'ARRIVED') {
      departedAt = floorTo(now - rng.float(duration + 40 * MINUTE, 30 * DAY), MINUTE);
      created = departedAt - rng.float(20 * MINUTE, 20 * HOUR);
      updated = Math.min(departedAt + duration + rng.float(1 * MINUTE, 60 * MINUTE), now);
    } else if (status === 'IN_TRANSIT') {
      departedAt = floorTo(now - rng.float(0.05, 0.95) * duration, MINUTE);
      if (departedAt >= now) departedAt -= MINUTE;
      created = departedAt - rng.float(20 * MINUTE, 10 * HOUR);
      updated = Math.min(departedAt + rng.float(0, 5 * MINUTE), now);
    } else if (status === 'PLANNED') {
      created = now - rng.float(30 * MINUTE, 3 * DAY);
      updated = created + rng.float(0, 20 * MINUTE);
    } else {
      created = now - rng.float(2 * HOUR, 30 * DAY);
      updated = Math.min(created + rng.float(10 * MINUTE, DAY), now);
    }
    const arrivedAt = departedAt === null ? null : departedAt + duration;
    const carrier = planner.carrier();
    const vehicle = planner.vehicle(carrier, departedAt, arrivedAt);
    const spare = spareAt.has(i);
    if (departedAt !== null && arrivedAt !== null && !spare) {
      trackPoints.push(...tripTrack(rng, geo, vehicle.plate, path, departedAt, arrivedAt, now));
    }
    drafts.push({
      created,
      spare,
      record: {
        province,
        status,
        plate: vehicle.plate,
        carrierCreditCode: carrier.creditCode,
        origin: trip.origin.party,
        destination: trip.destination.party,
        goods: planner.goods(trip.origin.ships),
        departedAt: departedAt === null ? null : isoBeijing(departedAt),
        updatedAt: isoBeijing(Math.min(updated, now)),
        ...NO_TRANSPORT_DETAILS,
      },
    });
  }

  const records: WaybillRecord[] = [];
  const spares: WaybillRecord[] = [];
  const ordered = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.created - b.d.created || a.i - b.i);
  for (const { d } of ordered) {
    const day = beijingDate(d.created);
    const number = waybillNumber(province, day, serials.next(rng, day));
    const record: WaybillRecord = { id: globalId(province, 'Waybill', number), sourceId: number, number, ...d.record };
    (d.spare ? spares : records).push(record);
  }
  return { records, spares, trackPoints };
}
