import { GraphQLScalarType } from 'graphql';

function isGeometry(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** GeoJSON geometries as JSON objects; served only, never taken as input. */
export const GeoJSONScalar = new GraphQLScalarType({
  name: 'GeoJSON',
  serialize(value) {
    if (!isGeometry(value)) throw new TypeError('GeoJSON: not a geometry object');
    return value;
  },
  parseValue() {
    throw new TypeError('GeoJSON is an output type');
  },
  parseLiteral() {
    throw new TypeError('GeoJSON is an output type');
  },
});
