import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('docker-compose.yml', () => {
  it('is valid for Debian docker-compose and defines every service of the federation', () => {
    const out = execFileSync('docker-compose', ['-f', path.resolve(__dirname, '../../docker-compose.yml'), 'config', '--services'], { encoding: 'utf8' });
    expect(out.trim().split('\n').sort()).toEqual(
      ['credit', 'gateway', 'province-ah', 'province-js', 'province-sh', 'province-zj', 'redis', 'region', 'registry', 'schema-publish', 'simulators'],
    );
  });
});
