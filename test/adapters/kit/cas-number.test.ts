import { casCheckDigitValid, readCasNumber } from '../../../adapters/kit/cas-number';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { CHEMICAL_SAFETY } from '../../../simulators/dataset/safety-facts';

describe('CAS registry numbers', () => {
  it('accepts the real numbers of the data set’s chemicals, and the registry’s own example 7732-18-5 (water)', () => {
    const real = Object.values(CHEMICAL_SAFETY).flatMap((c) => (c.cas ? [c.cas] : []));
    expect(real.length).toBe(9);
    for (const cas of [...real, '7732-18-5']) expect([cas, casCheckDigitValid(cas)]).toEqual([cas, true]);
  });

  it('refuses every other check digit, and what is not of the form', () => {
    for (let d = 0; d < 10; d++) if (d !== 5) expect(casCheckDigitValid(`7782-50-${d}`)).toBe(false);
    for (const text of ['7782505', '7782-5-5', '1-50-5', '12345678-50-5', 'CAS 7782-50-5']) expect(casCheckDigitValid(text)).toBe(false);
  });

  it('reads a written number: none is null, a wrong check digit is null and miswritten, another form is invalid', () => {
    expect(readCasNumber(' 7782-50-5 ', 'cas')).toEqual({ casNumber: '7782-50-5', miswritten: null });
    expect(readCasNumber('', 'cas')).toEqual({ casNumber: null, miswritten: null });
    expect(readCasNumber(null, 'cas')).toEqual({ casNumber: null, miswritten: null });
    expect(readCasNumber('7782-50-4', 'cas')).toEqual({ casNumber: null, miswritten: '7782-50-4' });
    expect(() => readCasNumber('7782/50/5', 'cas')).toThrow(LegacyDataInvalidError);
  });
});
