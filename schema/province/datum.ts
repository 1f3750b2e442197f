import { registerEnumType } from 'type-graphql';
import { DATUM_DESCRIPTIONS, type Datum } from '../datum';

/** The contract's Datum enum for type-graphql, with the descriptions the region subgraph declares too. */
export const DatumEnum: { [K in Datum]: K } = { WGS84: 'WGS84', GCJ02: 'GCJ02', BD09: 'BD09' };

registerEnumType(DatumEnum, {
  name: 'Datum',
  description: DATUM_DESCRIPTIONS.enum,
  valuesConfig: {
    WGS84: { description: DATUM_DESCRIPTIONS.WGS84 },
    GCJ02: { description: DATUM_DESCRIPTIONS.GCJ02 },
    BD09: { description: DATUM_DESCRIPTIONS.BD09 },
  },
});
