import { spawnSync } from 'node:child_process';
import { GATEWAY_NODE_OPTIONS, missingGatewayNodeOptions } from '../../gateway/node-options';
import { gatewayNodeArgs } from '../../bench/lib/gateway-node-args';
import { projectFile } from '../../schema/registry/project-file';

describe('the gateway node options', () => {
  it('names the options a process was started without, on its command line or in NODE_OPTIONS', () => {
    expect(missingGatewayNodeOptions([], undefined)).toEqual([...GATEWAY_NODE_OPTIONS]);
    expect(missingGatewayNodeOptions(['--inspect'], '--max-old-space-size=4000')).toEqual([...GATEWAY_NODE_OPTIONS]);
    expect(missingGatewayNodeOptions(['--inspect', ...GATEWAY_NODE_OPTIONS], undefined)).toEqual([]);
    expect(missingGatewayNodeOptions([], ` --max-old-space-size=4000  ${GATEWAY_NODE_OPTIONS.join(' ')}`)).toEqual([]);
  });

  it('take effect: the young generation this node sets up is larger than without them', () => {
    const newSpaceKb = (args: string[]): number => {
      // The young generation grows to its maximum under allocation; the semi-space capacity reported then is what the option allows.
      const script = "const v8 = require('v8'); let keep = []; for (let i = 0; i < 4e6; i++) { keep.push({ i }); if (keep.length > 2e5) keep = []; } process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1024));";
      const run = spawnSync(process.execPath, [...args, '-e', script], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return Number(run.stdout);
    };
    expect(newSpaceKb([...GATEWAY_NODE_OPTIONS])).toBeGreaterThan(newSpaceKb([]));
  });

  it("are what the benches start a build's gateway with, an option they are given replacing the build's of the same name", () => {
    const dist = projectFile('dist');
    const args = gatewayNodeArgs(dist);
    // The checkout's dist/ may be absent (a fresh clone): then the build has no options of its own.
    expect([[], [...GATEWAY_NODE_OPTIONS]]).toContainEqual(args);
    expect(gatewayNodeArgs('/nonexistent', ['--cpu-prof'])).toEqual(['--cpu-prof']);
    expect(gatewayNodeArgs(dist, ['--max-semi-space-size=8'])).toEqual(['--max-semi-space-size=8']);
    expect(gatewayNodeArgs(dist, [], false)).toEqual([]);
  });
});
