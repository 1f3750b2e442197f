import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { GATEWAY_NODE_OPTIONS } from '../../gateway/node-options';
import { PROVINCE_NODE_OPTIONS } from '../../subgraphs/province/node-options';

const COMPOSE_FILE = path.resolve(__dirname, '../../docker-compose.yml');

describe('docker-compose.yml', () => {
  it('is valid for Debian docker-compose and defines every service of the federation', () => {
    const out = execFileSync('docker-compose', ['-f', COMPOSE_FILE, 'config', '--services'], { encoding: 'utf8' });
    expect(out.trim().split('\n').sort()).toEqual(
      ['credit', 'gateway', 'province-ah', 'province-js', 'province-sh', 'province-zj', 'redis', 'region', 'registry', 'schema-publish', 'simulators'],
    );
  });

  it('starts each province subgraph with the province node options, the gateway with its own', () => {
    const config = YAML.parse(execFileSync('docker-compose', ['-f', COMPOSE_FILE, 'config'], { encoding: 'utf8' })) as { services: Record<string, { command?: string[] }> };
    for (const service of ['province-sh', 'province-js', 'province-zj', 'province-ah']) {
      expect(config.services[service]?.command).toEqual(['node', ...PROVINCE_NODE_OPTIONS, 'dist/subgraphs/province/main.js']);
    }
    expect(config.services.gateway?.command).toEqual(['node', ...GATEWAY_NODE_OPTIONS, 'dist/gateway/main.js']);
  });

  it("the image's command is the gateway with its node options", () => {
    const cmd = /^CMD (.*)$/m.exec(readFileSync(path.join(path.dirname(COMPOSE_FILE), 'Dockerfile'), 'utf8'))?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...GATEWAY_NODE_OPTIONS, 'dist/gateway/main.js']);
  });
});
