import { buildSchema, parse, print } from 'graphql';
import { eventPayload } from '../../../gateway/subscriptions/event-payload';
import { keyQuery } from '../../../gateway/subscriptions/key-query';
import { isPrepared, prepareSubscription } from '../../../gateway/subscriptions/subscription-operation';
import { DEFAULT_LIMITS } from '../../../gateway/plugins/apollo/limits';

const schema = buildSchema(`
  type Query { warning(id: ID!): Warning }
  type Warning { id: ID! headline(lang: String): String! }
  type WarningChange { id: ID! kind: String! warning: Warning! }
  input F { provinces: [String!] }
  type Subscription { warningChanges(filter: F, after: ID): WarningChange! }
`);

function prepared(document: string, variables: Record<string, unknown> = {}) {
  const op = prepareSubscription(schema, parse(document), variables, null, DEFAULT_LIMITS);
  if (!isPrepared(op)) throw new Error(op.map((e) => e.message).join('; '));
  return op;
}

describe('the key query of a subscription', () => {
  it('asks the record at the query root under the subscriber’s alias, with its fragments and only the variables it uses', () => {
    const op = prepared(
      `subscription S($f: F, $lang: String) { changes: warningChanges(filter: $f) { kind ...W } }
       fragment W on WarningChange { w: warning { ...Text } }
       fragment Text on Warning { id headline(lang: $lang) }`,
      { lang: 'zh' },
    );
    const query = keyQuery(op, 'warning', 'warning');
    expect(print(query ?? parse('{a}'))).toBe(
      print(parse(`query S($__key: ID!, $lang: String) { w: warning(id: $__key) { ...Text } } fragment Text on Warning { id headline(lang: $lang) }`)),
    );
  });

  it('builds the payload under the subscriber’s names, errors moved under the root field, and null data when the record is gone', () => {
    const op = prepared('subscription { changes: warningChanges { t: __typename kind w: warning { id } } }');
    const found = eventPayload(op, 'WarningChange', 'warning', { kind: 'UPDATED' }, { data: { w: { id: 'SH:Warning:1' } }, errors: [{ message: 'x', path: ['w', 'id'] }] }, { eventId: '1-0' });
    expect(found.data).toEqual({ changes: { t: 'WarningChange', kind: 'UPDATED', w: { id: 'SH:Warning:1' } } });
    expect(found.errors?.map((e) => e.path)).toEqual([['changes', 'w', 'id']]);
    const gone = eventPayload(op, 'WarningChange', 'warning', { kind: 'UPDATED' }, { data: { w: null }, errors: [] }, {});
    expect(gone.data).toBeNull();
    expect(gone.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses what is not a subscription with its root field written out, and invalid documents, before anything runs', () => {
    expect(isPrepared(prepareSubscription(schema, parse('{ warning(id: "1") { id } }'), {}, null, DEFAULT_LIMITS))).toBe(false);
    const invalid = prepareSubscription(schema, parse('subscription { warningChanges { nope } }'), {}, null, DEFAULT_LIMITS);
    expect(isPrepared(invalid) ? [] : invalid.map((e) => e.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
