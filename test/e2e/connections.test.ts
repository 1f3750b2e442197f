import { activeWarningIds } from '../../simulators/dataset';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases, expectedEnterprises, expectedInvalid, expectedOrganisations, expectedWarnings, expectedWaybills } from '../support/oracle';
import { pullAll } from '../support/paging';

/** Every connection of the contract pulled to its end through the real gateway, against the oracle. */

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation();
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

describe('connections through the gateway, pulled to the end in small pages, without a GraphQL error; unmappable records listed in invalidRecords on the first page', () => {
  it('warnings: every warning of the region once, in level / issuedAt / id order, with its fields', async () => {
    const { nodes, totals, invalid } = await pullAll<{
      id: string; province: string; level: string; event: string; messageType: string; issuedAt: string; headline: string;
      supersedes: { id: string } | null; active: boolean; areas: { adcode: string }[]; provenance: { province: string; sourceId: string; stale: boolean };
    }>(fed, 'warnings', 'id province level event messageType issuedAt headline supersedes { id } active areas { adcode } provenance { province sourceId stale }', { first: 23 });
    const expected = expectedWarnings(fed.dataset);
    expect(nodes.map((n) => n.id)).toEqual(expected.map((w) => w.id));
    expect(new Set(totals)).toEqual(new Set([expected.length]));
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'warnings'));
    const active = activeWarningIds(fed.dataset.warnings, fed.dataset.options.now);
    nodes.forEach((n, i) => {
      const w = expected[i];
      expect({
        province: n.province, level: n.level, event: n.event, messageType: n.messageType, issuedAt: ms(n.issuedAt), headline: n.headline,
        supersedes: n.supersedes?.id ?? null, areas: n.areas.map((a) => a.adcode).sort(), provenance: n.provenance,
      }).toEqual({
        province: w.province, level: w.level, event: w.event, messageType: w.messageType, issuedAt: ms(w.issuedAt), headline: w.headline,
        supersedes: w.supersedesId, areas: [...w.areaCodes].sort(), provenance: { province: w.province, sourceId: w.sourceId, stale: false },
      });
      expect([n.id, n.active]).toEqual([w.id, active.has(w.id)]);
    });
  });

  it('warnings of some provinces only (filter.provinces)', async () => {
    const { nodes, totals, invalid } = await pullAll<{ id: string }>(fed, 'warnings', 'id', { first: 31, filter: { provinces: ['JS', 'AH'] }, argTypes: 'WarningFilter' });
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'warnings', ['JS', 'AH']));
    const expected = expectedWarnings(fed.dataset, ['JS', 'AH']);
    expect(nodes.map((n) => n.id)).toEqual(expected.map((w) => w.id));
    expect(totals[0]).toBe(expected.length);
  });

  it('hazmatEnterprises: every enterprise once, by credit code', async () => {
    const { nodes, invalid } = await pullAll<{ id: string; creditCode: string; name: string; province: string; division: { adcode: string }; majorHazardGrade: string | null }>(
      fed, 'hazmatEnterprises', 'id creditCode name province division { adcode } majorHazardGrade', { first: 47 },
    );
    const expected = expectedEnterprises(fed.dataset);
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'enterprises'));
    expect(nodes.map((n) => n.id)).toEqual(expected.map((e) => e.id));
    nodes.forEach((n, i) => {
      const e = expected[i];
      expect([n.creditCode, n.name, n.province, n.division.adcode, n.majorHazardGrade]).toEqual([e.creditCode, e.name, e.province, e.divisionCode, e.majorHazardGrade]);
    });
  });

  it('waybills: every waybill once, newest departure first, not yet departed last', async () => {
    const { nodes, invalid, invalidPerPage } = await pullAll<{ id: string; number: string; status: string; departedAt: string | null; provincesTouched: string[] }>(
      fed, 'waybills', 'id number status departedAt provincesTouched', { first: 61 },
    );
    const expected = expectedWaybills(fed.dataset);
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'waybills'));
    expect(invalidPerPage.length).toBeGreaterThan(1);
    expect(invalidPerPage.slice(1)).toEqual(invalidPerPage.slice(1).map(() => 0));
    expect(nodes.map((n) => n.id)).toEqual(expected.map((w) => w.id));
    nodes.forEach((n, i) => {
      const w = expected[i];
      expect([n.number, n.status, ms(n.departedAt)]).toEqual([w.number, w.status, ms(w.departedAt)]);
    });
  });

  it('rescueBases: every base once, by id, with teams', async () => {
    const { nodes, invalid } = await pullAll<{ id: string; name: string; level: string; onDuty: boolean; capabilities: string[]; teams: { id: string; members: number }[] }>(
      fed, 'rescueBases', 'id name level onDuty capabilities teams { id members }', { first: 9 },
    );
    const expected = expectedBases(fed.dataset);
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'bases'));
    expect(nodes.map((n) => n.id)).toEqual(expected.map((b) => b.id));
    nodes.forEach((n, i) => {
      const b = expected[i];
      expect([n.name, n.level, n.onDuty, [...n.capabilities].sort(), n.teams.map((t) => [t.id, t.members])]).toEqual([
        b.name, b.level, b.onDuty, [...b.capabilities].sort(), b.teams.map((t) => [t.id, t.members]),
      ]);
    });
  });

  it('resourceView: one organisation per credit code across provinces, by key, none skipped or repeated', async () => {
    const { nodes, invalid, invalidPerPage } = await pullAll<{ key: string; provinces: string[]; bases: { id: string }[]; totalMembers: number }>(
      fed, 'resourceView', 'key provinces bases { id } totalMembers', { first: 13 },
    );
    expect(invalid).toEqual(expectedInvalid(fed.dataset, 'bases'));
    expect(invalidPerPage.slice(1)).toEqual(invalidPerPage.slice(1).map(() => 0));
    const expected = expectedOrganisations(fed.dataset);
    expect(nodes.map((n) => n.key)).toEqual(expected.map((o) => o.key));
    nodes.forEach((n, i) => {
      expect([[...n.provinces].sort(), n.bases.map((b) => b.id).sort(), n.totalMembers]).toEqual([expected[i].provinces, expected[i].baseIds, expected[i].totalMembers]);
    });
    expect(expected.some((o) => o.provinces.length > 1)).toBe(true);
  });

  it('a malformed cursor is a clear BAD_USER_INPUT, not a crash', async () => {
    const answer = await fed.query('{ warnings(first: 5, after: "not-a-cursor") { totalCount } }');
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
