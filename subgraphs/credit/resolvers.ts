import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { DateResolver } from 'graphql-scalars';
import { isValidCreditCode } from '../../adapters/kit/credit-code';
import { CREDIT_SOURCE } from '../../schema/credit-model';
import { DateTimeScalar } from '../../schema/province/date-time';
import type { CreditRequest } from './credit-request';
import { after, compareSanctions, cursorOf, matches, pageSize, serve, type SanctionFilter, type ServedSanction } from './sanctions-view';
import { ErrorCodes } from '../../schema/error-codes';

interface Subject {
  creditCode: string | null;
}

async function sanctionsOfCode(code: string | null, includeRemoved: boolean, ctx: CreditRequest, info: GraphQLResolveInfo): Promise<ServedSanction[]> {
  const normalised = (code ?? '').trim().toUpperCase();
  if (normalised === '') return [];
  const state = await ctx.read(info);
  return (state.copy.byCreditCode.get(normalised) ?? [])
    .map((r) => serve(r, state, ctx.today))
    .filter((s) => includeRemoved || s.status !== 'REMOVED')
    .sort(compareSanctions);
}

const subjectSanctions = (subject: Subject, args: { includeRemoved?: boolean | null }, ctx: CreditRequest, info: GraphQLResolveInfo): Promise<ServedSanction[]> =>
  sanctionsOfCode(subject.creditCode, args.includeRemoved === true, ctx, info);

export const creditResolvers: GraphQLResolverMap<CreditRequest> = {
  Date: DateResolver,
  DateTime: DateTimeScalar,
  Query: {
    async creditSanctions(_: unknown, args: { filter?: SanctionFilter | null; first?: number | null; after?: string | null }, ctx: CreditRequest, info: GraphQLResolveInfo) {
      const first = pageSize(args.first);
      const state = await ctx.read(info);
      const all = [...state.copy.byDecision.values()].map((r) => serve(r, state, ctx.today)).filter((s) => matches(args.filter, s)).sort(compareSanctions);
      const rest = after(all, args.after);
      const page = rest.slice(0, first);
      const firstPage = !args.after;
      const invalid = firstPage ? [...state.copy.invalid.values()] : [];
      return {
        edges: page.map((node) => ({ cursor: cursorOf(node), node })),
        pageInfo: { hasNextPage: rest.length > page.length, endCursor: page.length > 0 ? cursorOf(page[page.length - 1]) : null },
        totalCount: all.length,
        invalidRecords: invalid.map((row) => ({ source: CREDIT_SOURCE, sourceId: row.decisionNumber, reason: row.reason })),
      };
    },
    sanctionsOf(_: unknown, args: { creditCode: string }, ctx: CreditRequest, info: GraphQLResolveInfo) {
      const code = args.creditCode.trim().toUpperCase();
      if (!isValidCreditCode(code)) throw new GraphQLError(`creditCode is not a valid unified social credit code: "${args.creditCode}"`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'creditCode' } });
      return sanctionsOfCode(code, true, ctx, info);
    },
  },
  HazmatEnterprise: {
    __resolveReference: (reference: Subject): Subject => ({ creditCode: reference.creditCode }),
    sanctions: subjectSanctions,
  },
  ResourceOrganisation: {
    __resolveReference: (reference: Subject): Subject => ({ creditCode: reference.creditCode ?? null }),
    sanctions: subjectSanctions,
  },
};
