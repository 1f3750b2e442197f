import { provincesFromEnv } from '../../../subgraphs/province/provinces-from-env';

describe('provincesFromEnv (PROVINCE, PORT of a province subgraph process)', () => {
  it('reads one province, on its default port or PORT', () => {
    expect(provincesFromEnv({ PROVINCE: 'ah' })).toEqual([{ province: 'AH', port: 4204 }]);
    expect(provincesFromEnv({ PROVINCE: 'SH', PORT: '5001' })).toEqual([{ province: 'SH', port: 5001 }]);
  });

  it('reads several, each with the port in the same place of PORT, or each on its default', () => {
    expect(provincesFromEnv({ PROVINCE: 'SH, JS,ZJ,AH', PORT: '5001,5002, 5003,5004' })).toEqual([
      { province: 'SH', port: 5001 },
      { province: 'JS', port: 5002 },
      { province: 'ZJ', port: 5003 },
      { province: 'AH', port: 5004 },
    ]);
    expect(provincesFromEnv({ PROVINCE: 'JS,AH' })).toEqual([
      { province: 'JS', port: 4202 },
      { province: 'AH', port: 4204 },
    ]);
  });

  it.each([
    [{}, /PROVINCE must be one or more of SH, JS, ZJ, AH/],
    [{ PROVINCE: 'SH,XX' }, /got "SH,XX"/],
    [{ PROVINCE: 'SH,SH' }, /names a province twice/],
    [{ PROVINCE: 'SH,JS', PORT: '5001' }, /PORT must list one port for each of PROVINCE's 2/],
    [{ PROVINCE: 'SH,JS', PORT: '5001,' }, /PORT is not a port: ""/],
    [{ PROVINCE: 'SH', PORT: '70000' }, /PORT is not a port: "70000"/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => provincesFromEnv(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});
