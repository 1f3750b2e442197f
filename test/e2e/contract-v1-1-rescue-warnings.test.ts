import { PROVINCE_CODES, RESCUE_FORCE_TYPES, type RescueForceType, type WarningEvent } from '../../schema/model';
import { EVENT_COLOURS } from '../../schema/warning-colours';
import { forceTypeRelease } from '../../simulators/dataset/force-types';
import { validateCap } from '../support/cap-xsd';
import { federationForFile, idsOf } from '../support/file-federation';
import { expectedBases, expectedWarnings } from '../support/oracle';
import { pullAll } from '../support/paging';

/**
 * Contract v1.1 through the real gateway over the four simulated systems, against the oracle:
 * each team's kind of force (and none on records written before the systems' releases), the
 * forceTypes filter, and the six new warning events with their filters and CAP export.
 */

const NEW_EVENTS: readonly WarningEvent[] = ['HAIL', 'FROST', 'HAZE', 'DROUGHT', 'FLASH_FLOOD', 'URBAN_WATERLOGGING'];
const CAP_EVENT_NAMES: Record<string, string> = { HAIL: '冰雹', FROST: '霜冻', HAZE: '霾', DROUGHT: '干旱', FLASH_FLOOD: '山洪', URBAN_WATERLOGGING: '城市内涝' };

const fed = federationForFile();

type TeamNode = { id: string; teams: { id: string; forceType: RescueForceType | null }[] };

describe('RescueTeam.forceType', () => {
  it('every team of every base in every province, as the oracle has it; none on bases written before the release', async () => {
    const { nodes } = await pullAll<TeamNode>(fed, 'rescueBases', 'id teams { id forceType }', { first: 40 });
    const expected = expectedBases(fed.dataset).map((b) => ({ id: b.id, teams: b.teams.map((t) => ({ id: t.id, forceType: t.forceType ?? null })) }));
    expect(nodes).toEqual(expected);

    const release = forceTypeRelease(fed.dataset.options.now.getTime());
    for (const p of PROVINCE_CODES) {
      const mine = fed.dataset.bases.filter((b) => b.province === p);
      const older = mine.filter((b) => Date.parse(b.updatedAt) < release);
      const newer = mine.filter((b) => Date.parse(b.updatedAt) >= release);
      expect(older.length).toBeGreaterThan(0);
      expect(newer.length).toBeGreaterThan(0);
      expect(older.flatMap((b) => b.teams).every((t) => t.forceType === undefined)).toBe(true);
      expect(newer.flatMap((b) => b.teams).every((t) => t.forceType !== undefined)).toBe(true);
    }
    const kinds = new Set(fed.dataset.bases.flatMap((b) => b.teams.map((t) => t.forceType)));
    for (const k of RESCUE_FORCE_TYPES) expect(kinds).toContain(k);
  });

  it.each<[string, RescueForceType[]]>([
    ['SOCIAL (社会应急力量)', ['SOCIAL']],
    ['FIRE_AND_RESCUE or ENTERPRISE', ['FIRE_AND_RESCUE', 'ENTERPRISE']],
    ['every kind', [...RESCUE_FORCE_TYPES]],
  ])('forceTypes %s: the bases with at least one team of those kinds', async (_name, forceTypes) => {
    const expected = expectedBases(fed.dataset).filter((b) => b.teams.some((t) => t.forceType !== undefined && forceTypes.includes(t.forceType)));
    expect(expected.length).toBeGreaterThan(0);
    expect(await idsOf(fed, 'rescueBases', 'RescueBaseFilter', { forceTypes }, 9)).toEqual(expected.map((b) => b.id));
  });

  it('forceTypes with other filters: social forces on duty in Jiangsu and Anhui', async () => {
    const filter = { forceTypes: ['SOCIAL'], onDuty: true, provinces: ['JS', 'AH'] };
    const expected = expectedBases(fed.dataset, ['JS', 'AH']).filter((b) => b.onDuty && b.teams.some((t) => t.forceType === 'SOCIAL'));
    expect(await idsOf(fed, 'rescueBases', 'RescueBaseFilter', filter, 5)).toEqual(expected.map((b) => b.id));
  });

  it('an unknown kind is refused by the schema', async () => {
    const answer = await fed.query(`{ rescueBases(filter: { forceTypes: [VOLUNTEER] }) { totalCount } }`);
    expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('the six new warning events', () => {
  it('every warning with its event and level as the oracle has them, the new events in several provinces', async () => {
    const { nodes } = await pullAll<{ id: string; event: string; level: string }>(fed, 'warnings', 'id event level', { first: 50 });
    expect(nodes).toEqual(expectedWarnings(fed.dataset).map((w) => ({ id: w.id, event: w.event, level: w.level })));
    const withNew = fed.dataset.warnings.filter((w) => NEW_EVENTS.includes(w.event));
    for (const e of NEW_EVENTS) expect(withNew.some((w) => w.event === e)).toBe(true);
    expect(new Set(withNew.map((w) => w.province)).size).toBe(4);
    for (const w of fed.dataset.warnings) expect(EVENT_COLOURS[w.event]).toContain(w.level);
  });

  it.each([
    ['the six new events', { events: NEW_EVENTS }],
    ['hail and haze at ORANGE or above in Jiangsu and Anhui', { events: ['HAIL', 'HAZE'], minLevel: 'ORANGE', provinces: ['JS', 'AH'] }],
  ])('events filter: %s', async (_name, filter: { events: readonly string[]; minLevel?: string; provinces?: string[] }) => {
    const rank = ['BLUE', 'YELLOW', 'ORANGE', 'RED'];
    const expected = expectedWarnings(fed.dataset).filter((w) =>
      filter.events.includes(w.event) && (!filter.minLevel || rank.indexOf(w.level) >= rank.indexOf(filter.minLevel)) && (!filter.provinces || filter.provinces.includes(w.province)));
    expect(expected.length).toBeGreaterThan(0);
    expect(await idsOf(fed, 'warnings', 'WarningFilter', filter, 7)).toEqual(expected.map((w) => w.id));
  });

  it('their CAP 1.2 export is valid against the XSD, with the Chinese event name and the Met category', async () => {
    const { nodes } = await pullAll<{ id: string; event: string; capXml: string }>(fed, 'warnings', 'id event capXml', { first: 50, filter: { events: NEW_EVENTS }, argTypes: 'WarningFilter' });
    expect(nodes.length).toBeGreaterThan(0);
    expect(() => validateCap(nodes.map((n) => n.capXml), 'cap-v1-1')).not.toThrow();
    for (const n of nodes) {
      expect(n.capXml).toContain(`<event>${CAP_EVENT_NAMES[n.event]}</event>`);
      expect(n.capXml).toContain('<category>Met</category>');
    }
  });
});
