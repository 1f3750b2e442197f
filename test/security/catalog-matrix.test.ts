import { plateProvince } from '../../adapters/kit/plate';
import type { ProvinceCode } from '../../schema/model';
import { CATALOG_ENTRIES, CONDITIONAL_FIELDS, type CatalogEntry } from '../../schema/sharing-catalog';
import { startFederation, type Federation, type GraphQLAnswer } from '../support/federation';
import { expectedBases, expectedEnterpriseByCode, expectedEnterprises, expectedOrganisations, expectedWaybills } from '../support/oracle';
import type { TokenClaims } from '../support/tokens';

/**
 * The authorization matrix of the sharing catalog: every kind of caller × every conditional
 * entry × a record of the caller's own province (SH) and of another (JS), through the gateway and
 * directly against the province subgraph that holds the record. A field is visible exactly when
 * the caller holds its entry, or is the province the record belongs to; otherwise it is null
 * with one `{ code: FORBIDDEN, entry }` at its path and the rest of the answer is unchanged.
 */

const OWN: ProvinceCode = 'SH';
const OTHER: ProvinceCode = 'JS';

interface CallerCase {
  name: string;
  claims: TokenClaims | null;
}

/** Every role without entries, every role with every entry, and the anonymous caller. */
function callers(): CallerCase[] {
  const list: CallerCase[] = [{ name: 'anonymous', claims: null }];
  for (const role of ['province', 'exchange', 'app', 'auditor'] as const) {
    const province = role === 'province' ? OWN : undefined;
    list.push({ name: `${role} without entries`, claims: { role, province, catalog: [] } });
    for (const entry of CATALOG_ENTRIES) list.push({ name: `${role} holding ${entry}`, claims: { role, province, catalog: [entry] } });
  }
  return list;
}

function mayRead(claims: TokenClaims | null, entry: CatalogEntry, owners: readonly (ProvinceCode | null)[]): boolean {
  if (!claims) return false;
  if ((claims.catalog ?? []).includes(entry)) return true;
  return claims.role === 'province' && owners.includes(claims.province ?? null);
}

/** One conditional field of one record: the query that reads it, where, and whose record it is. */
interface Probe {
  coordinate: string;
  query: string;
  variables: Record<string, unknown>;
  /** The path of the conditional field in the answer. */
  path: (string | number)[];
  /** For a record found in a list: its path, worked out from the answer. */
  locate?: (data: unknown) => (string | number)[];
  /** An unconditional value beside it that must not change, as a path. */
  steady: (string | number)[];
  owners: (ProvinceCode | null)[];
  /** The province subgraph(s) that hold the record, for the direct requests. */
  shards: ProvinceCode[];
}

let fed: Federation;
let probes: Probe[];

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const key of path) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[key];
  return node;
}

async function viaSubgraph(p: ProvinceCode, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphQLAnswer> {
  const res = await fetch(fed.provinceUrls[p], { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as Omit<GraphQLAnswer, 'status'>) };
}

function mutualAidInput(clientRequestId: string, baseId: string, fromProvince: ProvinceCode): Record<string, unknown> {
  return { clientRequestId, baseId, fromProvince, incident: { title: 'matrix drill', location: { lng: 121.1, lat: 31.1 }, occurredAt: '2026-07-12T11:00:00+08:00' }, contact: '021-12345678' };
}

beforeAll(async () => {
  fed = await startFederation();
  const ds = fed.dataset;
  const enterprise = (p: ProvinceCode) =>
    expectedEnterprises(ds, [p]).find((e) => e.chemicals.length > 0 && e.contactPhone && (e.majorHazardUnits ?? []).length > 0 && expectedEnterpriseByCode(ds, e.creditCode) === e)!;
  const waybill = (p: ProvinceCode) => expectedWaybills(ds, [p]).find((w) => w.goods.length > 0 && w.carrierCreditCode && w.crew)!;
  const base = (p: ProvinceCode) => expectedBases(ds, [p]).find((b) => b.materials.length > 0 && b.dutyPhone)!;
  const plate = (p: ProvinceCode) => ds.waybills.find((w) => plateProvince(w.plate) === p && ds.trackPoints.some((t) => t.plate === w.plate))!.plate;
  const from = new Date(ds.options.now.getTime() - 40 * 86_400_000).toISOString();
  const to = ds.options.now.toISOString();

  // Two mutual-aid requests made by the exchange platform: one SH asks of an SH base, one JS of a JS base.
  const exchange = { authorization: `Bearer ${await fed.token({ role: 'exchange', catalog: ['MUTUAL_AID'] })}` };
  const requestIds = {} as Record<ProvinceCode, string>;
  for (const p of [OWN, OTHER]) {
    const made = await fed.query<{ requestMutualAid: { id: string } | null }>(
      'mutation($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id } }',
      { input: mutualAidInput(`matrix-setup-${p}`, base(p).id, p) },
      exchange,
    );
    if (!made.data?.requestMutualAid) throw new Error(`setup: mutual-aid request in ${p} failed: ${JSON.stringify(made.errors)}`);
    requestIds[p] = made.data.requestMutualAid.id;
  }

  probes = [];
  for (const p of [OWN, OTHER]) {
    const e = enterprise(p);
    const enterpriseSelection: Record<string, string> = { chemicals: 'chemicals { unNumber }', contactPhone: 'contactPhone', majorHazardUnits: 'majorHazardUnits { name grade }' };
    for (const field of ['chemicals', 'contactPhone', 'majorHazardUnits']) {
      probes.push({
        coordinate: `HazmatEnterprise.${field}`,
        query: `query($c: ID!) { hazmatEnterprise(creditCode: $c) { name ${enterpriseSelection[field]} } }`,
        variables: { c: e.creditCode },
        path: ['hazmatEnterprise', field],
        steady: ['hazmatEnterprise', 'name'],
        owners: [p],
        shards: [p],
      });
    }
    const w = waybill(p);
    for (const field of ['goods', 'carrierCreditCode', 'crew']) {
      const selection = { goods: 'goods { unNumber }', carrierCreditCode: field, crew: 'crew { name phone }' }[field];
      probes.push({
        coordinate: `Waybill.${field}`,
        query: `query($id: ID!) { waybill(id: $id) { number ${selection} } }`,
        variables: { id: w.id },
        path: ['waybill', field],
        steady: ['waybill', 'number'],
        owners: [p],
        shards: [p],
      });
    }
    const v = plate(p);
    for (const field of ['track', 'waybills']) {
      probes.push({
        coordinate: `Vehicle.${field}`,
        query:
          field === 'track'
            ? 'query($plate: ID!, $from: DateTime!, $to: DateTime!) { vehicle(plate: $plate) { registeredProvince track(from: $from, to: $to) { at } } }'
            : 'query($plate: ID!) { vehicle(plate: $plate) { registeredProvince waybills { id } } }',
        variables: field === 'track' ? { plate: v, from, to } : { plate: v },
        path: ['vehicle', field],
        steady: ['vehicle', 'registeredProvince'],
        owners: [p],
        shards: [OWN, OTHER],
      });
    }
    const b = base(p);
    for (const field of ['materials', 'dutyPhone']) {
      probes.push({
        coordinate: `RescueBase.${field}`,
        query: `query($id: ID!) { rescueBase(id: $id) { name ${field === 'materials' ? 'materials { code }' : field} } }`,
        variables: { id: b.id },
        path: ['rescueBase', field],
        steady: ['rescueBase', 'name'],
        owners: [p],
        shards: [p],
      });
    }
    probes.push({
      coordinate: 'Query.materialTotals',
      query: `query($p: [ProvinceCode!]) { provinces { code } materialTotals(filter: { provinces: $p }) { code quantity } }`,
      variables: { p: [p] },
      path: ['materialTotals'],
      steady: ['provinces', 0, 'code'],
      owners: [p],
      shards: [p],
    });
    // An organisation wholly of province p, with materials, found by its key in the page.
    const org = expectedOrganisations(ds).find((o) => o.provinces.length === 1 && o.provinces[0] === p && o.baseIds.some((id) => ds.bases.find((b) => b.id === id)?.materials.length))!;
    const locate = (data: unknown): (string | number)[] => {
      const edges = (at(data, ['resourceView', 'edges']) ?? []) as { node: { key: string } }[];
      return ['resourceView', 'edges', edges.findIndex((e) => e.node.key === org.key), 'node', 'materials'];
    };
    probes.push({
      coordinate: 'ResourceOrganisation.materials',
      query: `query { resourceView(first: 500) { totalCount edges { node { key materials { code } } } } }`,
      variables: {},
      path: [],
      locate,
      steady: ['resourceView', 'totalCount'],
      owners: [p],
      shards: [p],
    });
    probes.push({
      coordinate: 'Query.mutualAidRequest',
      query: `query($id: ID!) { provinces { code } mutualAidRequest(id: $id) { id status } }`,
      variables: { id: requestIds[p] },
      path: ['mutualAidRequest'],
      steady: ['provinces', 0, 'code'],
      owners: [p],
      shards: [p],
    });
    probes.push({
      coordinate: 'Mutation.requestMutualAid',
      query: `mutation($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id fromProvince } }`,
      variables: { input: mutualAidInput('', base(OWN).id, p) },
      path: ['requestMutualAid'],
      steady: [],
      owners: [p],
      shards: [OWN],
    });
  }
}, 60_000);

afterAll(async () => {
  await fed?.close();
});

/**
 * What the catalog allows; for requestMutualAid also issue 8's rule that a province asks only in its
 * own name (fromProvince, the probe's owner), whatever entries it holds.
 */
function expectedAllowed(claims: Parameters<typeof mayRead>[0], probe: Probe): boolean {
  const visible = mayRead(claims, CONDITIONAL_FIELDS[probe.coordinate], probe.owners);
  if (probe.coordinate !== 'Mutation.requestMutualAid' || claims?.role !== 'province') return visible;
  return visible && claims.province === probe.owners[0];
}

/** Per request, a fresh clientRequestId: a refused request must never reach the system, an allowed one always does. */
let sequence = 0;
function withFreshRequestId(probe: Probe, route: string): Record<string, unknown> {
  if (probe.coordinate !== 'Mutation.requestMutualAid') return probe.variables;
  const input = probe.variables.input as Record<string, unknown>;
  return { input: { ...input, clientRequestId: `matrix-${route}-${++sequence}` } };
}

/** The refusal's extensions: the catalog entry, or for a province asking in another's name the argument. */
function expectedRefusal(claims: Parameters<typeof mayRead>[0], probe: Probe): Record<string, unknown> {
  if (mayRead(claims, CONDITIONAL_FIELDS[probe.coordinate], probe.owners)) return { code: 'FORBIDDEN', argument: 'input.fromProvince' };
  return { code: 'FORBIDDEN', entry: CONDITIONAL_FIELDS[probe.coordinate] };
}

function check(answer: GraphQLAnswer, located: Probe, visible: boolean, label: string, refusal: Record<string, unknown>): string | null {
  const probe = located.locate ? { ...located, path: located.locate(answer.data) } : located;
  if (probe.path.includes(-1)) return `${label}: the record is missing from the answer`;
  const forbidden = (answer.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN' && JSON.stringify(e.path) === JSON.stringify(probe.path));
  const value = at(answer.data, probe.path);
  if (answer.status !== 200) return `${label}: HTTP ${answer.status}`;
  if (probe.steady.length > 0 && (at(answer.data, probe.steady) === undefined || at(answer.data, probe.steady) === null)) return `${label}: the unconditional ${probe.steady.join('.')} is missing`;
  if (visible) {
    if (forbidden.length > 0) return `${label}: refused although visible`;
    if (value === null || value === undefined) return `${label}: visible but null (${JSON.stringify(answer.errors)})`;
    return null;
  }
  if (value !== null) return `${label}: ${probe.path.join('.')} answered ${JSON.stringify(value)} to a caller without the right`;
  if (forbidden.length !== 1) return `${label}: ${forbidden.length} FORBIDDEN errors`;
  if (JSON.stringify(forbidden[0].path) !== JSON.stringify(probe.path)) return `${label}: FORBIDDEN at ${JSON.stringify(forbidden[0].path)}`;
  if (JSON.stringify(forbidden[0].extensions) !== JSON.stringify(refusal)) return `${label}: extensions ${JSON.stringify(forbidden[0].extensions)}`;
  return null;
}

describe('the sharing catalog, caller × entry × own and other province', () => {
  it('covers every conditional field of the catalog', () => {
    expect(new Set(probes.map((p) => p.coordinate))).toEqual(new Set(Object.keys(CONDITIONAL_FIELDS)));
  });

  it('through the gateway', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const caller of callers()) {
      const headers: Record<string, string> = caller.claims ? { authorization: `Bearer ${await fed.token(caller.claims)}` } : {};
      for (const probe of probes) {
        const visible = expectedAllowed(caller.claims, probe);
        const answer = await fed.query(probe.query, withFreshRequestId(probe, 'gw'), headers);
        const failure = check(answer, probe, visible, `${caller.name} · ${probe.coordinate} of ${probe.owners.join()}`, expectedRefusal(caller.claims, probe));
        if (failure) failures.push(failure);
        checked += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(callers().length * probes.length);
  }, 120_000);

  it('directly against the province subgraphs, bypassing the gateway', async () => {
    const failures: string[] = [];
    for (const caller of callers()) {
      const headers: Record<string, string> = caller.claims ? { authorization: `Bearer ${await fed.token(caller.claims)}` } : {};
      for (const probe of probes) {
        const visible = expectedAllowed(caller.claims, probe);
        for (const shard of probe.shards) {
          const answer = await viaSubgraph(shard, probe.query.replace('provinces { code } ', 'vehicle(plate: "沪A00000") { plate } '), withFreshRequestId(probe, 'direct'), headers);
          const steadyProbe = probe.steady[0] === 'provinces' ? { ...probe, steady: ['vehicle', 'plate'] } : probe;
          const failure = check(answer, steadyProbe, visible, `${caller.name} · ${probe.coordinate} of ${probe.owners.join()} at the ${shard} subgraph`, expectedRefusal(caller.claims, steadyProbe));
          if (failure) failures.push(failure);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a province reads material totals over several provinces only with the entry: its own part is not the whole', async () => {
    const query = '{ materialTotals { code quantity } }';
    const sh = { authorization: `Bearer ${await fed.token({ role: 'province', province: OWN })}` };
    const answer = await fed.query<{ materialTotals: unknown }>(query, {}, sh);
    expect(answer.data?.materialTotals).toBeNull();
    const refusals = (answer.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(refusals.map((e) => [e.path, e.extensions])).toEqual([[['materialTotals'], { code: 'FORBIDDEN', entry: 'RESCUE_RESOURCES' }]]);
    const holder = { authorization: `Bearer ${await fed.token({ role: 'province', province: OWN, catalog: ['RESCUE_RESOURCES'] })}` };
    const whole = await fed.query<{ materialTotals: { code: string }[] }>(query, {}, holder);
    expect((whole.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN')).toEqual([]);
    expect(whole.data?.materialTotals.length).toBeGreaterThan(0);
  });
});
