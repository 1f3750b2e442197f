import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { concatenated, unknownSources } from '../../../gateway/shard-router/data-quality';
import { mergeInvalidRecords } from '../../../gateway/shard-router/invalid-records';
import type { JsonObject } from '../../../gateway/shard-router/json';
import type { ShardPart } from '../../../gateway/shard-router/merge';

function connectionField(query: string): FieldNode {
  return (parse(query).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
}

const sh = { source: 'SH', sourceId: 'SHW-1', reason: 'missing level' };
const js = { source: 'JS', sourceId: 'JSW-7', reason: 'unknown code' };
const ah = { source: 'AH', sourceId: 'AHW-2', reason: 'unparseable time' };

const page = (key: string, records: JsonObject[] | undefined): JsonObject => (records === undefined ? { totalCount: 1 } : { totalCount: 1, [key]: records });

describe('the invalidRecords of a composite connection page', () => {
  const cases: { name: string; query: string; parts: ShardPart[]; firstPage: boolean; expected: JsonObject }[] = [
    {
      name: 'first page: every province asked, one after another in province order',
      query: '{ warnings { invalidRecords { source sourceId reason } } }',
      parts: [
        { province: 'SH', value: page('invalidRecords', [sh]) },
        { province: 'JS', value: page('invalidRecords', [js]) },
        { province: 'AH', value: page('invalidRecords', [ah]) },
      ],
      firstPage: true,
      expected: { invalidRecords: [sh, js, ah] },
    },
    {
      name: 'first page: a province that failed (no part) or answered null adds nothing',
      query: '{ warnings { invalidRecords { sourceId } } }',
      parts: [
        { province: 'SH', value: null },
        { province: 'JS', value: page('invalidRecords', [js]) },
      ],
      firstPage: true,
      expected: { invalidRecords: [js] },
    },
    {
      name: 'a later page: none, even from a province asked from its start on this page',
      query: '{ warnings { invalidRecords { sourceId } } }',
      parts: [
        { province: 'SH', value: page('invalidRecords', []) },
        { province: 'ZJ', value: page('invalidRecords', [{ sourceId: 'ZJW-3' }]) },
      ],
      firstPage: false,
      expected: { invalidRecords: [] },
    },
    {
      name: 'aliases: each response key of the field is merged from the same key of the parts',
      query: '{ warnings { bad: invalidRecords { sourceId } worse: invalidRecords { reason } } }',
      parts: [
        { province: 'SH', value: { bad: [{ sourceId: 'SHW-1' }], worse: [{ reason: 'missing level' }] } },
        { province: 'JS', value: { bad: [{ sourceId: 'JSW-7' }], worse: [{ reason: 'unknown code' }] } },
      ],
      firstPage: true,
      expected: { bad: [{ sourceId: 'SHW-1' }, { sourceId: 'JSW-7' }], worse: [{ reason: 'missing level' }, { reason: 'unknown code' }] },
    },
    {
      name: 'inside an inline fragment',
      query: '{ warnings { ... on WarningConnection { invalidRecords { sourceId } } } }',
      parts: [{ province: 'AH', value: page('invalidRecords', [{ sourceId: 'AHW-2' }]) }],
      firstPage: true,
      expected: { invalidRecords: [{ sourceId: 'AHW-2' }] },
    },
    {
      name: 'not selected: the merged page is left as it is',
      query: '{ warnings { totalCount } }',
      parts: [{ province: 'SH', value: page('invalidRecords', [sh]) }],
      firstPage: true,
      expected: {},
    },
  ];

  it.each(cases)('$name', ({ query, parts, firstPage, expected }) => {
    const merged: JsonObject = {};
    mergeInvalidRecords(merged, connectionField(query).selectionSet, parts, firstPage);
    expect(merged).toEqual(expected);
  });
});

describe('dataQuality through the shard router', () => {
  it.each([
    { asked: undefined, unknown: [] },
    { asked: null, unknown: [] },
    { asked: ['SH', 'AH'], unknown: [] },
    { asked: [], unknown: [] },
    { asked: ['SH', 'XX', 'CR'], unknown: ['XX', 'CR'] },
    { asked: ['sh'], unknown: ['sh'] },
  ])('sources $asked: unknown $unknown (refused with BAD_USER_INPUT)', ({ asked, unknown }) => {
    expect(unknownSources(asked)).toEqual(unknown);
  });

  it('concatenates the provinces lists in the order of the parts; a province without a list adds nothing', () => {
    const parts: ShardPart[] = [
      { province: 'SH', value: [{ source: 'SH', collection: 'warnings' }] },
      { province: 'JS', value: null },
      { province: 'ZJ', value: [{ source: 'ZJ', collection: 'warnings' }, { source: 'ZJ', collection: 'bases' }] },
    ];
    expect(concatenated(parts)).toEqual([{ source: 'SH', collection: 'warnings' }, { source: 'ZJ', collection: 'warnings' }, { source: 'ZJ', collection: 'bases' }]);
  });
});
