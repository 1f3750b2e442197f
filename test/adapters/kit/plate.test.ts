import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { isValidPlate, normalisePlate, plateProvince } from '../../../adapters/kit/plate';

describe('normalisePlate', () => {
  it.each([
    ['沪A·D1234', '沪AD1234'],
    ['沪A.D1234', '沪AD1234'],
    [' 苏a12345 ', '苏A12345'],
    ['浙B 12345', '浙B12345'],
    ['皖H-12345', '皖H12345'],
    ['苏E•D12345', '苏ED12345'],
    ['鲁A12345', '鲁A12345'],
    ['苏A1234挂', '苏A1234挂'],
  ])('%j → %j', (raw, plate) => {
    expect(normalisePlate(raw)).toBe(plate);
    expect(isValidPlate(plate)).toBe(true);
  });

  it.each(['', '   ', 'A12345', '沪', '沪1D1234', '沪AD12'])('rejects %j', (raw) => {
    expect(() => normalisePlate(raw)).toThrow(LegacyDataInvalidError);
    expect(() => normalisePlate(raw)).toThrow(`invalid plate "${raw}"`);
  });
});

describe('plateProvince', () => {
  it.each([
    ['沪AD1234', 'SH'],
    ['苏A12345', 'JS'],
    ['浙B12345', 'ZJ'],
    ['皖H12345', 'AH'],
    ['鲁A12345', null],
    ['豫B12345', null],
    ['', null],
  ])('%s is registered in %s', (plate, province) => {
    expect(plateProvince(plate)).toBe(province);
  });
});
