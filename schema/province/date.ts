import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ErrorCodes } from '../error-codes';

/** YYYY-MM-DD, a real calendar day. */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function calendarDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = CALENDAR_DATE.exec(value);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value ? value : null;
}

function parse(value: unknown): string {
  const date = calendarDate(value);
  if (date === null) throw new GraphQLError(`Date must be YYYY-MM-DD, got ${JSON.stringify(value)}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT } });
  return date;
}

/** The contract's Date (v1.1), as the credit subgraph serves it too: records keep their dates as YYYY-MM-DD text. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD (Beijing).',
  serialize(value: unknown): string {
    const date = calendarDate(value);
    if (date === null) throw new GraphQLError(`Date cannot represent ${JSON.stringify(value)}`);
    return date;
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string', { extensions: { code: ErrorCodes.BAD_USER_INPUT } });
    return parse(ast.value);
  },
});
