import { parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { mergeOrganisation } from '../../gateway/shard-router/merge';
import type { ProvinceCode } from '../../schema/model';
import { code } from '../fixtures/shard-router/mini-shards';

/**
 * A rescue organisation that several provinces hold parts of under one credit code takes its
 * name as references by credit code take their record: from the registering province's part if
 * there is one, else from the oldest part (earliest updatedAt).
 */

const selection = (parse('{ name totalMembers }').definitions[0] as OperationDefinitionNode).selectionSet as SelectionSetNode;
const part = (province: ProvinceCode, key: string, updatedAt: string) => ({
  province,
  value: { name: `${province} 队`, totalMembers: 1, _sr_key: key, _sr_updatedAt: updatedAt },
});

describe('the name of an organisation held in parts', () => {
  it.each([
    { case: "the registering province's part, though newer", key: code('32', 1), parts: [part('SH', code('32', 1), '2026-07-01T00:00:00+08:00'), part('JS', code('32', 1), '2026-07-09T00:00:00+08:00')], name: 'JS 队' },
    { case: 'else the oldest part', key: code('31', 1), parts: [part('JS', code('31', 1), '2026-07-05T00:00:00+08:00'), part('ZJ', code('31', 1), '2026-07-02T00:00:00+08:00')], name: 'ZJ 队' },
    { case: 'else, updated at once, the first in SH, JS, ZJ, AH order', key: code('37', 1), parts: [part('AH', code('37', 1), '2026-07-02T00:00:00+08:00'), part('JS', code('37', 1), '2026-07-02T00:00:00+08:00')], name: 'JS 队' },
  ])('$case', ({ parts, name }) => {
    expect(mergeOrganisation(parts, selection)).toMatchObject({ name, totalMembers: 2 });
  });
});
