import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { licenceValid, nextBeijingMidnight } from '../../../adapters/kit/safety-licence';
import type { SafetyLicenceRecord } from '../../../schema/model';
import { SafetyLicence } from '../../../schema/province/enterprise-safety';
import type { ProvinceRequest } from '../province-request';

@Resolver(() => SafetyLicence)
export class SafetyLicenceResolver {
  /** As of the request's today in Beijing: the answer holds until the next midnight there at most. */
  @FieldResolver(() => Boolean)
  valid(@Root() licence: SafetyLicenceRecord, @Ctx() ctx: ProvinceRequest): boolean {
    ctx.answerValidUntil(nextBeijingMidnight(ctx.now));
    return licenceValid(licence, ctx.now);
  }
}
