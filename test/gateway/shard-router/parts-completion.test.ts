import { isFiltered } from '../../../gateway/shard-router/parts-completion';

describe('parts completion: when a province page may hold only part of a record', () => {
  const rule = { keysArg: 'keys', filters: ['updatedSince', 'filter.capability'], sharedKeysField: 'creditCodes' };
  it.each<[string, Record<string, unknown>, boolean]>([
    ['when a filter of the rule is given', { updatedSince: '2026-07-01' }, true],
    ['when a nested filter of the rule is given', { filter: { capability: 'HAZMAT' } }, true],
    ['not without the filters', { first: 10 }, false],
    ['not when the filter is null', { updatedSince: null }, false],
  ])('%s', (_, args, expected) => {
    expect(isFiltered(args, rule)).toBe(expected);
  });
});
