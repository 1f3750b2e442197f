import { parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { fieldKeys } from '../../../gateway/shard-router/document';

const selectionOf = (text: string): SelectionSetNode => (parse(text).definitions[0] as OperationDefinitionNode).selectionSet;

describe('response keys of a selection by field name', () => {
  it('lists each field name with its response keys, once each, inline fragments flattened', () => {
    const keys = fieldKeys(selectionOf('{ edges { id } e2: edges { id } edges { name } ... on Q { totalCount n: totalCount } }'));
    expect([...keys]).toEqual([
      ['edges', ['edges', 'e2']],
      ['totalCount', ['totalCount', 'n']],
    ]);
    expect(fieldKeys(undefined).size).toBe(0);
  });

  it('is computed once per selection: the same map for the same node, another for another node of the same text', () => {
    const set = selectionOf('{ edges { id } pageInfo { endCursor } }');
    expect(fieldKeys(set)).toBe(fieldKeys(set));
    expect(fieldKeys(selectionOf('{ edges { id } pageInfo { endCursor } }'))).not.toBe(fieldKeys(set));
    expect([...fieldKeys(selectionOf('{ edges { id } pageInfo { endCursor } }'))]).toEqual([...fieldKeys(set)]);
  });
});
