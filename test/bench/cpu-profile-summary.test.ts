import { areaOf, locationOf, summariseProfile, type CallFrame, type CpuProfile } from '../../bench/lib/cpu-profile-summary';

/** The cpu-profile scenario's summary of a .cpuprofile: self time by area and by function, exactly. */

const OURS = '/app/dist';

const frame = (functionName: string, url = '', lineNumber = -1): CallFrame => ({ functionName, url, lineNumber, columnNumber: 0 });

const NODES: CpuProfile['nodes'] = [
  { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5, 7, 8, 9, 10, 12] },
  { id: 2, callFrame: frame('(program)') },
  { id: 3, callFrame: frame('(idle)') },
  { id: 4, callFrame: frame('(garbage collector)') },
  { id: 5, callFrame: frame('execute', 'file:///app/node_modules/graphql/execution/execute.js', 10), children: [11] },
  { id: 6, callFrame: frame('route', 'file:///app/dist/gateway/shard-router/router.js', 41) },
  { id: 7, callFrame: frame('handle', '/app/dist/gateway/server.js', 0), children: [6] },
  { id: 8, callFrame: frame('parserOnHeadersComplete', 'node:_http_common', 99) },
  { id: 9, callFrame: frame('sign', 'file:///app/node_modules/jose/node_modules/@panva/x/dist/a.js', 4) },
  { id: 10, callFrame: frame('', 'file:///app/dist/schema/model.js', 2) },
  // The same function as node 5, reached by another path: one row.
  { id: 11, callFrame: frame('execute', 'file:///app/node_modules/graphql/execution/execute.js', 10) },
  { id: 12, callFrame: frame('JSONParse') },
];

/** Samples at 1_000_100 µs and on; each lasts until the next, the last until endTime: 13 ms in all, 4 of them idle. */
const PROFILE: CpuProfile = {
  nodes: NODES,
  startTime: 1_000_000,
  endTime: 1_013_100,
  samples: [5, 6, 11, 3, 4, 2, 7, 8, 12, 9, 10, 6],
  timeDeltas: [100, 2000, 1000, 1000, 4000, 500, 500, 1000, 250, 250, 1000, 500],
};

describe('the CPU profile summary', () => {
  test('self time by area: packages (scoped, innermost node_modules), our dist/ folders two deep, node internals, V8\'s pseudo-frames', () => {
    const summary = summariseProfile(PROFILE, { ours: OURS });
    expect(summary).toMatchObject({ sampledMs: 13, idleMs: 4, busyMs: 9, samples: 12 });
    expect(summary.areas.map((a) => [a.area, a.selfMs])).toEqual([
      ['(idle)', 4],
      ['graphql', 3],
      ['ours: gateway/shard-router', 2],
      ['@panva/x', 1],
      ['ours: gateway', 1],
      ['(garbage collector)', 0.5],
      ['(program)', 0.5],
      ['node internals', 0.5],
      ['ours: schema', 0.5],
    ]);
    const graphql = summary.areas[1];
    expect(graphql.share).toBeCloseTo(3 / 13, 12);
    expect(graphql.busyShare).toBeCloseTo(3 / 9, 12);
    expect(summary.areas[0].busyShare).toBe(0);
  });

  test('self time by function: one row per function however it was reached, located relative to node_modules/ or dist/', () => {
    const { functions } = summariseProfile(PROFILE, { ours: OURS });
    expect(functions.map((f) => [f.functionName, f.location, f.area, f.selfMs])).toEqual([
      ['(idle)', '', '(idle)', 4],
      ['execute', 'graphql/execution/execute.js:11', 'graphql', 3],
      ['route', 'gateway/shard-router/router.js:42', 'ours: gateway/shard-router', 2],
      ['sign', '@panva/x/dist/a.js:5', '@panva/x', 1],
      ['handle', 'gateway/server.js:1', 'ours: gateway', 1],
      ['(garbage collector)', '', '(garbage collector)', 0.5],
      ['(program)', '', '(program)', 0.5],
      ['(anonymous)', 'schema/model.js:3', 'ours: schema', 0.5],
      ['JSONParse', '', 'node internals', 0.25],
      ['parserOnHeadersComplete', 'node:_http_common:100', 'node internals', 0.25],
    ]);
    expect(functions[1].share).toBeCloseTo(3 / 13, 12);
  });

  test('a window keeps only the samples taken in [from, to)', () => {
    const summary = summariseProfile(PROFILE, { ours: OURS, window: { fromUs: 1_004_100, toUs: 1_010_100 } });
    expect(summary).toMatchObject({ sampledMs: 6, idleMs: 4, busyMs: 2, samples: 4 });
    expect(summary.areas.map((a) => [a.area, a.selfMs])).toEqual([
      ['(idle)', 4],
      ['ours: gateway', 1],
      ['(garbage collector)', 0.5],
      ['(program)', 0.5],
    ]);
  });

  test('files neither in node_modules nor under dist/ are "other"; a sample of an unknown node is refused', () => {
    expect(areaOf(frame('f', 'file:///elsewhere/x.js', 0), OURS)).toBe('other');
    expect(areaOf(frame('f', 'file:///app/dist/main.js', 0), OURS)).toBe('ours: main.js');
    expect(locationOf(frame('f', 'file:///elsewhere/x.js', 6), OURS)).toBe('/elsewhere/x.js:7');
    expect(() => summariseProfile({ ...PROFILE, samples: [99, ...PROFILE.samples.slice(1)] }, { ours: OURS })).toThrow('node 99');
  });
});
