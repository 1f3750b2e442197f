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

function offending(layer: string, forbidden: string[]): string[] {
  return sources(path.join(root, layer)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.relative(root, path.resolve(path.dirname(file), spec)))
      .filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}${path.sep}`)))
      .map((target) => `${path.relative(root, file)} -> ${target}`),
  );
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

  it('schema, read by all, imports none of the layers that read it', () => {
    expect(offending('schema', ['gateway', 'subgraphs', 'adapters', 'simulators'])).toEqual([]);
  });
});
