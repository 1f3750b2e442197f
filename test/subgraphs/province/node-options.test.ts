import { spawnSync } from 'node:child_process';
import { PROVINCE_NODE_OPTIONS, missingProvinceNodeOptions } from '../../../subgraphs/province/node-options';

describe('the province node options', () => {
  it('names the options a process was started without', () => {
    expect(missingProvinceNodeOptions([], undefined)).toEqual(['--no-memory-reducer']);
    expect(missingProvinceNodeOptions(['--max-old-space-size=6000'], undefined)).toEqual(['--no-memory-reducer']);
    expect(missingProvinceNodeOptions(['--max-old-space-size=6000', ...PROVINCE_NODE_OPTIONS], undefined)).toEqual([]);
    expect(missingProvinceNodeOptions([], `--max-old-space-size=6000 ${PROVINCE_NODE_OPTIONS.join(' ')}`)).toEqual([]);
  });

  it('are options this node accepts on its command line', () => {
    const run = spawnSync(process.execPath, [...PROVINCE_NODE_OPTIONS, '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as string[]).slice(0, PROVINCE_NODE_OPTIONS.length)).toEqual(PROVINCE_NODE_OPTIONS);
  });
});
