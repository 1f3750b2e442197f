import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { isValidCreditCode } from '../../adapters/kit/credit-code';
import { badArgument, checkArguments } from '../../schema/argument-checks';

/**
 * The province subgraph's own check of argument values (coordinates, radius, dates, credit
 * codes), so that a request that bypasses the gateway is refused as clearly as one through it.
 */

const creditCodeArgument: GraphQLFieldResolver<unknown, unknown> = (_, args) => {
  const code = String(args.creditCode ?? '').trim().toUpperCase();
  if (!isValidCreditCode(code)) throw badArgument('creditCode', `"${String(args.creditCode)}" is not a valid unified social credit code (GB 32100)`);
};

const EXTRA_CHECKS: Readonly<Record<string, GraphQLFieldResolver<unknown, unknown>>> = {
  'Query.hazmatEnterprise': creditCodeArgument,
};

const guarded = new WeakSet<GraphQLSchema>();

export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const extra = EXTRA_CHECKS[`${type.name}.${field.name}`];
      const definitions = field.args;
      field.resolve = (parent, args, context, info) => {
        checkArguments(definitions, args);
        extra?.(parent, args, context, info);
        return resolve(parent, args, context, info);
      };
    }
  }
  guarded.add(schema);
  return schema;
}
