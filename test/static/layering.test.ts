import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

const within = (target: string, folder: string): boolean => target === folder || target.startsWith(`${folder}${path.sep}`);

/** Every relative import of the layer's files that `bad` says is out of bounds, as "file -> target". */
function importsBreaking(layer: string, bad: (target: string) => boolean): string[] {
  return sources(path.join(root, layer)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.relative(root, path.resolve(path.dirname(file), spec)))
      .filter(bad)
      .map((target) => `${path.relative(root, file)} -> ${target}`),
  );
}

function offending(layer: string, forbidden: string[]): string[] {
  return importsBreaking(layer, (target) => forbidden.some((f) => within(target, f)));
}

describe('layers', () => {
  it('adapters never import simulators (they stand in for systems we do not own)', () => {
    expect(sources(path.join(root, 'adapters')).length).toBeGreaterThan(0);
    expect(offending('adapters', ['simulators', 'subgraphs', 'gateway'])).toEqual([]);
  });

  it('simulators never import adapters, subgraphs or the gateway', () => {
    expect(offending('simulators', ['adapters', 'subgraphs', 'gateway'])).toEqual([]);
  });

  it('the gateway imports no subgraph or adapter code (it talks to subgraphs over HTTP)', () => {
    expect(offending('gateway', ['subgraphs', 'adapters', 'simulators'])).toEqual([]);
  });

  it('subgraphs import no gateway code (requests flow one way; what both use is in schema/)', () => {
    expect(offending('subgraphs', ['gateway', 'simulators'])).toEqual([]);
  });

  it("the province subgraph reaches adapters only through adapters/index and the kit (no province's code loads in another's process)", () => {
    const allowed = (target: string): boolean => target === 'adapters' || target === path.join('adapters', 'index') || within(target, path.join('adapters', 'kit'));
    expect(importsBreaking(path.join('subgraphs', 'province'), (target) => within(target, 'adapters') && !allowed(target))).toEqual([]);
  });

  it('schema, read by all, imports none of the layers that read it', () => {
    expect(offending('schema', ['gateway', 'subgraphs', 'adapters', 'simulators'])).toEqual([]);
  });
});
