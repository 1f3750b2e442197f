import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_AREAS } from '../../schema/config/areas';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The processes' entry points: each reads its environment once, into its typed configuration. */
const MAINS = ['gateway/main.ts', 'subgraphs/province/main.ts', 'subgraphs/region/main.ts', 'subgraphs/registry/main.ts', 'subgraphs/credit/main.ts', 'launcher/start.ts', 'launcher/publish-main.ts', 'launcher/token-main.ts', 'simulators/main.ts', 'schema/registry/cli.ts', 'schema/webhooks/cli.ts'];

/** Sets (reads no configuration from) the variable @apollo/gateway reads when it is constructed, to turn off its reporting to Apollo. */
const SETS_FOR_A_LIBRARY = ['gateway/apollo-gateway.ts'];

describe('configuration', () => {
  it('declares every variable once', () => {
    const names = CONFIG_AREAS.flatMap(({ variables }) => variables.flatMap((declarations) => Object.keys(declarations)));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('gives every variable a type and a description', () => {
    const undocumented = CONFIG_AREAS.flatMap(({ variables }) => variables.flatMap((declarations) => Object.entries(declarations)))
      .filter(([, v]) => !v.type || !v.description)
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  it('only the processes\' entry points read process.env', () => {
    const readers = ['gateway', 'adapters', 'subgraphs', 'schema', 'launcher', 'simulators']
      .flatMap((layer) => sources(path.join(root, layer)))
      .filter((file) => readFileSync(file, 'utf8').includes('process.env'))
      .map((file) => path.relative(root, file).split(path.sep).join('/'));
    expect(readers.filter((file) => !MAINS.includes(file) && !SETS_FOR_A_LIBRARY.includes(file))).toEqual([]);
  });
});
