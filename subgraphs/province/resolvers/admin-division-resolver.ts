import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { ancestors, successorOf } from '../../../schema/geography';
import type { HazmatEnterpriseRecord, RescueBaseRecord, WarningRecord } from '../../../schema/model';
import { byText, compareKeys, warningKey } from '../../../schema/orders';
import { AdminDivision } from '../../../schema/province/admin-division';
import { HazmatEnterprise } from '../../../schema/province/hazmat';
import { RescueBase } from '../../../schema/province/rescue';
import { Warning } from '../../../schema/province/warning';
import type { ProvinceRequest } from '../province-request';
import type { Served } from '../replica';

interface DivisionRef {
  adcode: string;
}

@Resolver(() => AdminDivision)
export class AdminDivisionResolver {
  @FieldResolver(() => [Warning], { description: 'Warnings in force now for this division or a division that contains it.' })
  async activeWarnings(@Root() d: DivisionRef, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<Served<WarningRecord>[]> {
    const snapshot = await ctx.scan('warnings', info);
    const adcode = successorOf(d.adcode);
    const found = new Map<string, Served<WarningRecord>>();
    for (const code of [adcode, ...ancestors(adcode)]) for (const w of snapshot.index.byArea.get(code) ?? []) found.set(w.id, w);
    return [...found.values()]
      .filter((w) => ctx.isActiveNow(w, snapshot.index.referrers.get(w.id) ?? []))
      .sort((a, b) => compareKeys('warnings', warningKey(a), warningKey(b)));
  }

  @FieldResolver(() => [RescueBase], { description: 'The bases in this division or a division inside it, by id.' })
  async rescueBases(@Root() d: DivisionRef, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<Served<RescueBaseRecord>[]> {
    const snapshot = await ctx.scan('bases', info);
    return [...(snapshot.index.byDivision.get(successorOf(d.adcode)) ?? [])].sort((a, b) => byText(a.id, b.id));
  }

  @FieldResolver(() => [HazmatEnterprise], { description: 'The enterprises in this division or a division inside it, by credit code.' })
  async hazmatEnterprises(@Root() d: DivisionRef, @Ctx() ctx: ProvinceRequest, @Info() info: GraphQLResolveInfo): Promise<Served<HazmatEnterpriseRecord>[]> {
    const snapshot = await ctx.scan('enterprises', info);
    return [...(snapshot.index.byDivision.get(successorOf(d.adcode)) ?? [])].sort((a, b) => byText(a.creditCode, b.creditCode));
  }
}
