import type { CrewMemberRecord, HazmatEnterpriseRecord, ProvinceCode, WaybillPartyRecord, WaybillRecord, WaybillTransportFields } from '../../schema/model';
import type { GenContext } from './context';
import { crewMember, PeopleRegistry, type Person } from './crew';
import { CITY_FACTS } from './places';
import type { Rng } from './prng';
import { DAY } from './time';
import type { CanonicalDataset } from './types';

/**
 * The electronic waybill's JT/T 617 fields that the four systems added in their 2026 releases
 * (legacy-apis/additions-v1.1.md): consignor, trailer, tank, transport permit, crew and the
 * carrier's emergency phone. Records last written before the release keep none of them.
 */

type TransportDetails = WaybillTransportFields;

export const NO_TRANSPORT_DETAILS: Readonly<TransportDetails> = Object.freeze({
  consignor: null, trailerPlate: null, tankNumber: null, transportPermit: null, crew: null, emergencyPhone: null,
});

/** The systems' releases went live this long before the data set's `now`. */
export const RELEASE_AGE_MS = 12 * DAY;

/** Whether a record was last written before the release, so that its system holds it in the older form. */
export function writtenBeforeRelease(updatedAt: string, now: number): boolean {
  return Date.parse(updatedAt) < now - RELEASE_AGE_MS;
}

/** What one carrier uses again and again: its people, trailers, tanks, permits and emergency line. */
interface CarrierKit {
  area: string;
  people: Person[];
  trailers: string[];
  tanks: Map<string, string>;
  permits: Map<string, string | null>;
  emergencyPhone: string | null;
}

const PERMIT_PREFIX: Record<ProvinceCode, string> = { SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' };

class DetailPlanner {
  private readonly kits = new Map<string, CarrierKit>();
  private readonly people: PeopleRegistry;
  private readonly trailerPlates = new Set<string>();
  private readonly byProvince = new Map<ProvinceCode, HazmatEnterpriseRecord[]>();
  private readonly byCode = new Map<string, HazmatEnterpriseRecord>();

  constructor(private readonly rng: Rng, private readonly ctx: GenContext, enterprises: readonly HazmatEnterpriseRecord[]) {
    this.people = new PeopleRegistry(rng.fork('people'));
    for (const e of enterprises) {
      this.byProvince.set(e.province, [...(this.byProvince.get(e.province) ?? []), e]);
      if (!this.byCode.has(e.creditCode)) this.byCode.set(e.creditCode, e);
    }
  }

  /** The carrier's registering area (a six-digit adcode), for its people and its permits. */
  private areaOf(w: WaybillRecord): string {
    const code = w.carrierCreditCode?.slice(2, 8);
    return code && this.ctx.geo.divisions.has(code) ? code : (w.origin.divisionCode ?? '310000');
  }

  private landline(area: string): string {
    const d = this.ctx.geo.divisions.get(area);
    const city = d && CITY_FACTS[d.cityCode] ? d.cityCode : (d ? this.ctx.geo.cities(d.province)[0]?.adcode : undefined) ?? '310000';
    return `${CITY_FACTS[city].areaCode}-${this.rng.int(5, 8)}${this.rng.digits(7)}`;
  }

  private kit(w: WaybillRecord): CarrierKit {
    const key = w.carrierCreditCode ?? `${w.province}:${w.plate}`;
    let kit = this.kits.get(key);
    if (!kit) {
      const area = this.areaOf(w);
      const emergencyPhone = this.rng.chance(0.03) ? null : this.rng.chance(0.2) ? `400-${this.rng.digits(3)}-${this.rng.digits(4)}` : this.landline(area);
      kit = { area, people: [], trailers: [], tanks: new Map(), permits: new Map(), emergencyPhone };
      this.kits.set(key, kit);
    }
    return kit;
  }

  private person(kit: CarrierKit, except: Person | null): Person {
    const known = kit.people.filter((p) => p !== except);
    if (known.length > 0 && this.rng.chance(0.6)) return this.rng.pick(known);
    const p = this.people.person(kit.area);
    kit.people.push(p);
    return p;
  }

  private trailer(kit: CarrierKit, plate: string): string {
    if (kit.trailers.length > 0 && this.rng.chance(0.5)) return this.rng.pick(kit.trailers);
    let trailer: string;
    do trailer = `${plate.slice(0, 2)}${this.rng.digits(4)}挂`;
    while (this.trailerPlates.has(trailer));
    this.trailerPlates.add(trailer);
    kit.trailers.push(trailer);
    return trailer;
  }

  /** The tank a trailer or a rigid tank truck carries, numbered once. */
  private tank(kit: CarrierKit, vehicle: string, province: ProvinceCode): string {
    const known = kit.tanks.get(vehicle);
    if (known) return known;
    const tank = `TK-${province}-${this.rng.int(2014, 2025)}-${this.rng.digits(4)}`;
    kit.tanks.set(vehicle, tank);
    return tank;
  }

  private permit(kit: CarrierKit, plate: string, province: ProvinceCode): string | null {
    if (!kit.permits.has(plate)) {
      kit.permits.set(plate, this.rng.chance(0.05) ? null : `${PERMIT_PREFIX[province]}交运管许可危字${kit.area}${this.rng.digits(6)}`);
    }
    return kit.permits.get(plate) ?? null;
  }

  /** The shipper: the origin when it is an enterprise of the data set, else one of the issuing province's. */
  private consignor(w: WaybillRecord): WaybillPartyRecord {
    const origin = w.origin.creditCode ? this.byCode.get(w.origin.creditCode) : undefined;
    const e = origin ?? this.rng.pick(this.byProvince.get(w.province) ?? []);
    return { name: e.name, creditCode: e.creditCode, divisionCode: e.divisionCode };
  }

  details(w: WaybillRecord): TransportDetails {
    const rng = this.rng;
    const kit = this.kit(w);
    const trailerPlate = rng.chance(0.55) ? this.trailer(kit, w.plate) : null;
    const tankNumber = trailerPlate ? this.tank(kit, trailerPlate, w.province) : rng.chance(0.35) ? this.tank(kit, w.plate, w.province) : null;
    const driver = this.person(kit, null);
    const crew: CrewMemberRecord[] = [crewMember(rng, 'DRIVER', driver)];
    if (rng.chance(0.92)) crew.push(crewMember(rng, 'ESCORT', this.person(kit, driver)));
    return {
      consignor: this.consignor(w),
      trailerPlate,
      tankNumber,
      transportPermit: this.permit(kit, w.plate, w.province),
      crew,
      emergencyPhone: kit.emergencyPhone,
    };
  }
}

/** Fills in the JT/T 617 fields of the waybills (valid and broken) written since the release. */
export function addTransportDetails(rng: Rng, ctx: GenContext, dataset: CanonicalDataset): void {
  const planner = new DetailPlanner(rng, ctx, dataset.enterprises);
  const broken = dataset.bad.flatMap((b) => (b.collection === 'waybills' ? [b.record] : []));
  for (const w of [...dataset.waybills, ...broken]) {
    if (!writtenBeforeRelease(w.updatedAt, ctx.now)) Object.assign(w, planner.details(w));
  }
}

/** Whether a record carries the release's fields at all (a system writes older records without them). */
export function hasTransportDetails(w: WaybillTransportFields): boolean {
  return w.consignor !== null || w.crew !== null;
}
