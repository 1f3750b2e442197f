import type { GatewayContext } from '../../gateway/context';
import { ForwardingShardRouter } from '../../gateway/plugins/fetch/forwarding';
import type { ShardResponse } from '../../gateway/shard-router/shard-transport';
import type { ProvinceCode } from '../../schema/model';
import { startFederation } from '../../test/support/federation';
import { expectedEnterpriseByCode, expectedEnterprises } from '../../test/support/oracle';
import type { TokenClaims } from '../../test/support/tokens';

/** A finished request as the gateway's recording hook sees it: its context, and what each shard reported under the catalog. */
export interface RealAccessContext {
  context: GatewayContext;
  reports: unknown[];
}

const DETAIL = 'query Detail($c: ID!) { hazmatEnterprise(creditCode: $c) { name chemicals { unNumber } contactPhone } }';
const WAYBILLS = 'query Crossing { waybills(first: 20) { edges { node { id goods { unNumber } carrierCreditCode crew { role } } } } }';
const EXCHANGE: TokenClaims = { sub: 'exchange-1', role: 'exchange', catalog: ['HAZMAT_DETAIL', 'TRANSPORT_CREW'] };
const APP: TokenClaims = { sub: 'app-1', role: 'app', catalog: [] };

/**
 * Runs the e2e access-log queries through a real test federation (a read with the entry, one
 * refused, a cross-province list with two entries, each as exchange and as app) and keeps each
 * request's context as it stands when the answer is sent, with the shards' `catalogAccess` reports.
 */
export async function realAccessContexts(): Promise<RealAccessContext[]> {
  const byContext = new Map<GatewayContext, unknown[]>();
  const original = ForwardingShardRouter.prototype['received'];
  ForwardingShardRouter.prototype['received'] = function (this: ForwardingShardRouter, options, response: ShardResponse) {
    const context = options.context as GatewayContext;
    const reports = byContext.get(context) ?? [];
    if (response.extensions?.catalogAccess) reports.push(structuredClone(response.extensions.catalogAccess));
    byContext.set(context, reports);
    original.call(this, options, response);
  };
  const fed = await startFederation();
  try {
    const code = (p: ProvinceCode) => expectedEnterprises(fed.dataset, [p]).find((e) => e.chemicals.length > 0 && expectedEnterpriseByCode(fed.dataset, e.creditCode) === e)!.creditCode;
    for (const claims of [EXCHANGE, APP]) {
      const headers = { authorization: `Bearer ${await fed.token(claims)}`, 'apollographql-client-name': 'bench' };
      for (const p of ['JS', 'ZJ', 'SH', 'AH'] as const) await fed.query(DETAIL, { c: code(p) }, headers);
      await fed.query(WAYBILLS, {}, headers);
    }
  } finally {
    ForwardingShardRouter.prototype['received'] = original;
    await fed.close();
  }
  return [...byContext].filter(([context]) => context.trace.access).map(([context, reports]) => ({ context, reports }));
}
