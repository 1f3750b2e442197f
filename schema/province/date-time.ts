import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ErrorCodes } from '../error-codes';

/** ISO-8601 with an offset (or Z); seconds may carry a fraction. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(`DateTime must be ISO-8601 with an offset, got ${JSON.stringify(value)}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT } });
  }
  return new Date(value);
}

/**
 * The contract's DateTime. Records keep the offset their system wrote (+08:00), so strings are
 * served as they are; inputs arrive as Dates.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string' && ISO_WITH_OFFSET.test(value)) return value;
    throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: ErrorCodes.BAD_USER_INPUT } });
    return parse(ast.value);
  },
});
