import type { GraphQLFormattedError } from 'graphql';
import { normaliseForbidden } from '../../../../gateway/plugins/apollo/catalog-errors';

/** One answer per conditional field, whatever the shards said (sharing catalog, rule 3). */

const forbidden = (path: (string | number)[], province: string): GraphQLFormattedError => ({
  message: 'not in your catalog',
  path,
  extensions: { code: 'FORBIDDEN', entry: 'VEHICLE_TRACK', province },
});

describe('refusals by the catalog', () => {
  it('null the merged field wherever a shard refused, never leaving a partial list that looks whole', () => {
    const data = { vehicle: { plate: '沪A12345', track: [{ at: 't1' }] } };
    normaliseForbidden(data, [forbidden(['vehicle', 'track'], 'SH')]);
    expect(data).toEqual({ vehicle: { plate: '沪A12345', track: null } });
  });

  it('collapse into one error per path, without the province that refused', () => {
    const errors = normaliseForbidden({ vehicle: { track: [] } }, [forbidden(['vehicle', 'track'], 'SH'), forbidden(['vehicle', 'track'], 'JS')]);
    expect(errors).toEqual([{ message: 'not in your catalog', path: ['vehicle', 'track'], extensions: { code: 'FORBIDDEN', entry: 'VEHICLE_TRACK' } }]);
  });

  it('leave other errors, and refusals without a path, as they are', () => {
    const other: GraphQLFormattedError = { message: 'down', path: ['vehicle'], extensions: { code: 'PROVINCE_UNAVAILABLE', province: 'AH' } };
    const pathless: GraphQLFormattedError = { message: 'no', extensions: { code: 'FORBIDDEN', province: 'ZJ' } };
    const data = { vehicle: { plate: 'p' } };
    expect(normaliseForbidden(data, [other, pathless])).toEqual([other, pathless]);
    expect(data).toEqual({ vehicle: { plate: 'p' } });
  });

  it('leave the data alone where the path leads nowhere, and accept an answer without data', () => {
    const data = { vehicle: null };
    expect(normaliseForbidden(data, [forbidden(['vehicle', 'track'], 'SH')])).toHaveLength(1);
    expect(data).toEqual({ vehicle: null });
    expect(normaliseForbidden(null, [forbidden(['vehicle'], 'SH')])).toHaveLength(1);
  });
});
