import { Arg, FieldResolver, Resolver, Root } from 'type-graphql';
import { DATUM_DESCRIPTIONS, fromWgs84, type Datum } from '../../../schema/datum';
import type { GeoPoint as GeoPointRecord } from '../../../schema/model';
import { GeoPoint } from '../../../schema/province/common';
import { DatumEnum } from '../../../schema/province/datum';
import { HazmatEnterprise } from '../../../schema/province/hazmat';
import { HazmatTransportEvent } from '../../../schema/province/push';
import { RescueBase } from '../../../schema/province/rescue';
import { TrackPoint } from '../../../schema/province/waybill';

/**
 * The `datum` argument of every GeoPoint field the province subgraph serves: records hold WGS-84,
 * and a caller that draws on AMap or Baidu asks for GCJ-02 or BD-09. The fields keep their place
 * and description from the type classes; these resolvers add the argument and the conversion.
 */

type Located = { location: GeoPointRecord | null };

const datumArg = { defaultValue: 'WGS84', description: DATUM_DESCRIPTIONS.argument } as const;

function located(record: Located, datum: Datum): GeoPointRecord | null {
  return record.location ? fromWgs84(record.location, datum) : null;
}

@Resolver(() => HazmatEnterprise)
export class EnterpriseLocationResolver {
  @FieldResolver(() => GeoPoint, { nullable: true })
  location(@Root() record: Located, @Arg('datum', () => DatumEnum, datumArg) datum: Datum): GeoPointRecord | null {
    return located(record, datum);
  }
}

@Resolver(() => RescueBase)
export class RescueBaseLocationResolver {
  @FieldResolver(() => GeoPoint, { nullable: true })
  location(@Root() record: Located, @Arg('datum', () => DatumEnum, datumArg) datum: Datum): GeoPointRecord | null {
    return located(record, datum);
  }
}

@Resolver(() => TrackPoint)
export class TrackPointLocationResolver {
  @FieldResolver(() => GeoPoint)
  location(@Root() record: { location: GeoPointRecord }, @Arg('datum', () => DatumEnum, datumArg) datum: Datum): GeoPointRecord {
    return fromWgs84(record.location, datum);
  }
}

/** Declares the argument only: the gateway serves subscriptions and converts the point (as Vehicle.track does, through its plan). */
@Resolver(() => HazmatTransportEvent)
export class HazmatTransportEventPositionResolver {
  @FieldResolver(() => GeoPoint, { nullable: true })
  position(@Root() event: { position: GeoPointRecord | null }, @Arg('datum', () => DatumEnum, datumArg) datum: Datum): GeoPointRecord | null {
    return event.position ? fromWgs84(event.position, datum) : null;
  }
}

export const LOCATION_RESOLVERS = [EnterpriseLocationResolver, RescueBaseLocationResolver, TrackPointLocationResolver, HazmatTransportEventPositionResolver] as const;
