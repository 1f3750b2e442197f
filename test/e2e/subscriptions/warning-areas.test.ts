import fixture from '../../fixtures/warning-areas/demo-zone.json';
import type { ProvinceCode } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { feedMark, quietPeriod, subscribeWs, waitFor, touch, WARNING_CHANGES, withPushFederation, wsClient, type Received } from './harness';

/**
 * The warning filters' `zone` and `adcodes` mean the same in a query and in a subscription
 * (schema/warning-areas.ts): the same warnings of the canonical data set are matched by
 * `warnings(filter:)` through the gateway and delivered by `warningChanges(filter:)` when touched.
 */

type Name = keyof typeof fixture.warnings;
const NAMES = Object.keys(fixture.warnings) as Name[];
const PROVINCES: ProvinceCode[] = ['SH', 'JS'];

let fed: Federation;
const idOf = (name: Name): string => `${fixture.warnings[name].province}:Warning:${fixture.warnings[name].sourceId}`;
const namesOf = (ids: readonly string[]): Name[] => NAMES.filter((n) => ids.includes(idOf(n)));

withPushFederation({}, (started) => (fed = started));

test('the fixture warnings are in the canonical data set with the areas the fixture names', () => {
  for (const name of NAMES) {
    const w = fixture.warnings[name];
    const record = fed.dataset.warnings.find((r) => r.sourceId === w.sourceId);
    expect([name, record?.province, record?.areaCodes]).toEqual([name, w.province, w.areaCodes]);
    expect(fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId)).toBe(false);
  }
});

describe.each(fixture.filters)('filter $filter ($why)', ({ filter, matches }) => {
  test('a query matches the fixture warnings it names', async () => {
    const answer = await fed.query<{ warnings: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      'query($f: WarningFilter) { warnings(first: 500, filter: $f) { edges { node { id } } pageInfo { hasNextPage } } }',
      { f: { ...filter, provinces: PROVINCES } },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.warnings.pageInfo.hasNextPage).toBe(false);
    expect(namesOf(answer.data!.warnings.edges.map((e) => e.node.id))).toEqual(NAMES.filter((n) => matches.includes(n)));
  });
});

test('a subscription with each filter receives the same fixture warnings when they change', async () => {
  const mark = await feedMark(fed);
  const subscribers = await Promise.all(
    fixture.filters.map(async ({ filter }, i) => subscribeWs(wsClient(fed, `Bearer ${await fed.token({ sub: `areas-${i}`, role: 'app' })}`), WARNING_CHANGES, { filter: { ...filter, provinces: PROVINCES } })),
  );
  const everything = subscribeWs(wsClient(fed), WARNING_CHANGES, { filter: { provinces: PROVINCES } });
  await mark.positionsTaken([...subscribers, everything]);
  for (const name of NAMES) await touch(fed, fixture.warnings[name].province as ProvinceCode, fixture.warnings[name].sourceId, { headline: `areas test: ${name}` });
  const received = (r: Received): Name[] => namesOf(r.payloads.map((p) => (p.data as { warningChanges: { warning: { id: string } } }).warningChanges.warning.id));
  await everything.count(NAMES.length);
  await waitFor(() => fixture.filters.every(({ matches }, i) => received(subscribers[i]).length >= matches.length));
  // None receives more than its matches.
  await quietPeriod(800);
  expect(received(everything)).toEqual(NAMES);
  expect(fixture.filters.map(({ filter }, i) => [filter, received(subscribers[i])])).toEqual(fixture.filters.map(({ filter, matches }) => [filter, NAMES.filter((n) => matches.includes(n))]));
});
