import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { mapRecords } from '../../../adapters/kit/map-records';
import { parseNumber } from '../../../adapters/kit/units';

interface Raw {
  id?: string;
  kg: string;
  code?: string;
}

const toKg = (r: Raw): { id: string; kg: number } => ({ id: r.id as string, kg: parseNumber(r.kg, 'kg') });

describe('mapRecords', () => {
  it('maps every record it can and reports the others with province, source id and reason', () => {
    const raws: Raw[] = [{ id: 'A', kg: '10' }, { id: 'B', kg: '' }, { id: 'C', kg: '30' }, { id: 'D', kg: 'x' }];
    expect(mapRecords('SH', raws, (r) => r.id as string, toKg)).toEqual({
      records: [{ id: 'A', kg: 10 }, { id: 'C', kg: 30 }],
      invalid: [
        { code: 'LEGACY_DATA_INVALID', province: 'SH', sourceId: 'B', reason: 'empty kg' },
        { code: 'LEGACY_DATA_INVALID', province: 'SH', sourceId: 'D', reason: 'invalid kg "x"' },
      ],
    });
  });

  it('keeps the order of the records', () => {
    const raws: Raw[] = ['3', '1', '2'].map((kg, i) => ({ id: String(i), kg }));
    expect(mapRecords('JS', raws, (r) => r.id as string, toKg).records.map((r) => r.kg)).toEqual([3, 1, 2]);
  });

  it('still reports a record whose id is missing, by its position', () => {
    const result = mapRecords('AH', [{ kg: 'x' }], (r: Raw) => r.id as string, toKg);
    expect(result.invalid).toEqual([{ code: 'LEGACY_DATA_INVALID', province: 'AH', sourceId: '(record 1 without an id)', reason: 'invalid kg "x"' }]);
  });

  it('gives the credit code an invalid record still states, normalised, when asked to; none when it is missing or unreadable', () => {
    const raws: Raw[] = [{ id: 'A', kg: 'x', code: ' 91310000349365352l ' }, { id: 'B', kg: 'x' }, { id: 'C', kg: 'x', code: '  ' }];
    const result = mapRecords('SH', raws, (r: Raw) => r.id as string, toKg, (r: Raw) => r.code);
    expect(result.invalid.map((i) => [i.sourceId, i.creditCode])).toEqual([
      ['A', '91310000349365352L'],
      ['B', undefined],
      ['C', undefined],
    ]);
    expect('creditCode' in result.invalid[1]).toBe(false);
  });

  it('lets any other error through: that is a bug, not bad data', () => {
    const boom = (): never => {
      throw new TypeError('bug');
    };
    expect(() => mapRecords('ZJ', [{ id: 'A', kg: '1' }], (r) => r.id as string, boom)).toThrow(TypeError);
  });

  it('is empty for no records', () => {
    expect(mapRecords('ZJ', [], () => '', () => {
      throw new LegacyDataInvalidError('never called');
    })).toEqual({ records: [], invalid: [] });
  });
});
