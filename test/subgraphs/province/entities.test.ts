import { ancestors } from '../../../schema/geography';
import { compareKeys, warningKey } from '../../../schema/orders';
import { activeWarningIds } from '../../../simulators/dataset';
import { DATASET_NOW, testDataset } from '../../fixtures/dataset-adapter';
import { startHarness, type Harness } from './harness';

const dataset = testDataset();
const P = 'SH';
const warnings = dataset.warnings.filter((w) => w.province === P);
const enterprises = dataset.enterprises.filter((e) => e.province === P);
const waybills = dataset.waybills.filter((w) => w.province === P);
const bases = dataset.bases.filter((b) => b.province === P);

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  __typename
  ... on Warning { id headline }
  ... on HazmatEnterprise { id creditCode name }
  ... on Waybill { id number }
  ... on RescueBase { id name }
  ... on MutualAidRequest { id clientRequestId status base { id } fromProvince toProvince }
  ... on Vehicle { plate registeredProvince waybills { id } }
  ... on AdminDivision { adcode activeWarnings { id } rescueBases { id } hazmatEnterprises { id } }
} }`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(P);
});
afterAll(() => h.close());

function mutualAidInput(clientRequestId: string, extra: Record<string, unknown> = {}) {
  const base = bases.find((b) => b.teams.length > 0 && b.materials.length > 0)!;
  return {
    clientRequestId,
    baseId: base.id,
    fromProvince: 'JS',
    incident: { title: '危化品泄漏', location: { lng: 121.3, lat: 30.8 }, occurredAt: '2026-07-12T11:30:00+08:00' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: base.materials[0].quantity }],
    contact: '021-12345678',
    ...extra,
  };
}

const REQUEST = `mutation($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id clientRequestId status fromProvince toProvince base { id } } }`;

describe('mutual aid', () => {
  it('refuses a base elsewhere, a team of another base, or more material than stocked: BAD_USER_INPUT naming the argument, nothing sent', async () => {
    const base = bases.find((b) => b.teams.length > 0 && b.materials.length > 0)!;
    const otherTeam = bases.find((b) => b.id !== base.id && b.teams.length > 0)!.teams[0].id;
    const cases: [Record<string, unknown>, string][] = [
      [{ baseId: 'SH:RescueBase:NO-SUCH' }, 'input.baseId'],
      [{ teamIds: [otherTeam] }, 'input.teamIds'],
      [{ materials: [{ code: base.materials[0].code, quantity: base.materials[0].quantity + 1 }] }, 'input.materials'],
      [{ materials: [{ code: 'NO-SUCH', quantity: 1 }] }, 'input.materials'],
    ];
    for (const [extra, argument] of cases) {
      const answer = await h.query(REQUEST, { input: mutualAidInput('c-bad', extra) });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(h.adapter.callCount('submitMutualAid')).toBe(0);
  });

  it('refuses a text its system cannot store before journalling: BAD_USER_INPUT naming the argument and the code points', async () => {
    const answer = await h.query(REQUEST, { input: mutualAidInput('c-text', { contact: '021\u0000\u0007-12345678' }) });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.contact', codePoints: ['U+0000', 'U+0007'] });
    expect(h.adapter.callCount('submitMutualAid')).toBe(0);
  });

  it('submits once per clientRequestId, and answers the request by id, as a node and as an entity', async () => {
    const input = mutualAidInput('5b7f3c1e-0000-4000-a000-000000000001');
    const first = await h.query<{ requestMutualAid: { id: string } }>(REQUEST, { input });
    expect(first.errors).toBeUndefined();
    const again = await h.query<{ requestMutualAid: { id: string } }>(REQUEST, { input });
    expect(again.data).toEqual(first.data);
    expect(h.adapter.callCount('submitMutualAid')).toBe(1);
    const id = first.data!.requestMutualAid.id;
    expect(first.data!.requestMutualAid).toEqual({ id, clientRequestId: input.clientRequestId, status: 'SUBMITTED', fromProvince: 'JS', toProvince: 'SH', base: { id: input.baseId } });

    const byId = await h.query<{ mutualAidRequest: unknown; node: unknown }>(
      `query($id: ID!) { mutualAidRequest(id: $id) { id status base { id } } node(id: $id) { __typename id ... on MutualAidRequest { clientRequestId } } }`,
      { id },
    );
    expect(byId.data).toEqual({
      mutualAidRequest: { id, status: 'SUBMITTED', base: { id: input.baseId } },
      node: { __typename: 'MutualAidRequest', id, clientRequestId: input.clientRequestId },
    });
    const entity = await h.query<{ _entities: unknown[] }>(ENTITIES, { reps: [{ __typename: 'MutualAidRequest', id }] });
    expect(entity.data?._entities).toEqual([{ __typename: 'MutualAidRequest', id, clientRequestId: input.clientRequestId, status: 'SUBMITTED', base: { id: input.baseId }, fromProvince: 'JS', toProvince: 'SH' }]);
  });
});

describe('entities and nodes', () => {
  it('_entities answers every entity type in the order of the representations, null for unknown keys', async () => {
    const w = warnings[3];
    const e = enterprises[5];
    const wb = waybills[7];
    const b = bases[2];
    const county = b.divisionCode;
    const reps = [
      { __typename: 'Warning', id: w.id },
      { __typename: 'HazmatEnterprise', id: e.id },
      { __typename: 'HazmatEnterprise', creditCode: enterprises[6].creditCode },
      { __typename: 'Waybill', id: wb.id },
      { __typename: 'RescueBase', id: b.id },
      { __typename: 'Vehicle', plate: wb.plate },
      { __typename: 'AdminDivision', adcode: county },
      { __typename: 'Warning', id: 'SH:Warning:NO-SUCH' },
      { __typename: 'RescueBase', id: 'JS:RescueBase:JSB0001' },
    ];
    const answer = await h.query<{ _entities: unknown[] }>(ENTITIES, { reps });
    expect((answer.errors ?? []).map((e) => e.extensions?.code)).toEqual((answer.errors ?? []).map(() => 'LEGACY_DATA_INVALID'));
    const active = activeWarningIds(warnings, DATASET_NOW);
    const inForce = warnings
      .filter((x) => active.has(x.id) && x.areaCodes.some((a) => a === county || ancestors(county).includes(a)))
      .sort((x, y) => compareKeys('warnings', warningKey(x), warningKey(y)))
      .map((x) => ({ id: x.id }));
    expect(answer.data?._entities).toEqual([
      { __typename: 'Warning', id: w.id, headline: w.headline },
      { __typename: 'HazmatEnterprise', id: e.id, creditCode: e.creditCode, name: e.name },
      { __typename: 'HazmatEnterprise', id: enterprises[6].id, creditCode: enterprises[6].creditCode, name: enterprises[6].name },
      { __typename: 'Waybill', id: wb.id, number: wb.number },
      { __typename: 'RescueBase', id: b.id, name: b.name },
      { __typename: 'Vehicle', plate: wb.plate, registeredProvince: 'SH', waybills: expect.arrayContaining([{ id: wb.id }]) },
      {
        __typename: 'AdminDivision',
        adcode: county,
        activeWarnings: inForce,
        rescueBases: bases.filter((x) => x.divisionCode === county).map((x) => ({ id: x.id })).sort((x, y) => (x.id < y.id ? -1 : 1)),
        hazmatEnterprises: enterprises.filter((x) => x.divisionCode === county).sort((x, y) => (x.creditCode < y.creditCode ? -1 : 1)).map((x) => ({ id: x.id })),
      },
      null,
      null,
    ]);
  });

  it('node(id) answers every Node type with its __typename, and null for another province or an unknown id', async () => {
    const nodes = [warnings[0].id, enterprises[0].id, waybills[0].id, bases[0].id];
    for (const [id, type] of nodes.map((id, i) => [id, ['Warning', 'HazmatEnterprise', 'Waybill', 'RescueBase'][i]])) {
      const answer = await h.query<{ node: { __typename: string; id: string } }>('query($id: ID!) { node(id: $id) { __typename id } }', { id });
      expect(answer.data?.node).toEqual({ __typename: type, id });
    }
    for (const id of ['JS:Warning:JSW1', 'SH:Waybill:NO-SUCH', 'garbage']) {
      const answer = await h.query<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(answer.data?.node).toBeNull();
    }
  });

  it("Vehicle: this province's track points in [from, to] by time, and its waybills newest departure first, filtered by status", async () => {
    const plate = dataset.trackPoints.find((p) => p.province === P)!.plate;
    const points = dataset.trackPoints.filter((p) => p.province === P && p.plate === plate);
    const from = points[0].at;
    const to = points[Math.min(points.length - 1, 20)].at;
    const answer = await h.query<{ vehicle: { track: unknown[]; waybills: { id: string; status: string }[] } }>(
      `query($plate: ID!, $from: DateTime!, $to: DateTime!) { vehicle(plate: $plate) { plate track(from: $from, to: $to) { at location { lng lat } speedKmh province } waybills(statuses: [ARRIVED, IN_TRANSIT]) { id status departedAt } } }`,
      { plate, from, to },
    );
    const expected = points.filter((p) => Date.parse(p.at) >= Date.parse(from) && Date.parse(p.at) <= Date.parse(to)).map(({ plate: _p, ...rest }) => rest);
    expect(answer.data?.vehicle.track).toEqual(expected);
    const mine = waybills.filter((w) => w.plate === plate && (w.status === 'ARRIVED' || w.status === 'IN_TRANSIT'));
    expect(answer.data?.vehicle.waybills.map((w) => w.id).sort()).toEqual(mine.map((w) => w.id).sort());
  });

  it('a malformed plate is BAD_USER_INPUT naming "plate"', async () => {
    const answer = await h.query('{ vehicle(plate: "not a plate") { plate } }');
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'plate' });
  });
});
