import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectFile } from '../../schema/registry/project-file';
import type { BenchmarkSubgraph } from './subgraphs/schemas';

export const BENCHMARK_QUERY = readFileSync(projectFile('bench', 'gateways-benchmark', 'query.graphql'), 'utf8');

/** The benchmark's supergraph with its subgraph URLs pointed at where ours run. */
export function benchmarkSupergraphSdl(url: (name: BenchmarkSubgraph) => string): string {
  const sdl = readFileSync(projectFile('bench', 'gateways-benchmark', 'supergraph.graphql'), 'utf8');
  return sdl.replace(/url: "http:\/\/0\.0\.0\.0:4200\/(accounts|inventory|products|reviews)"/g, (_, name: BenchmarkSubgraph) => `url: "${url(name)}"`);
}

/** The same, written to a file for gateways that read one (`--supergraph FILE`). */
export function writeBenchmarkSupergraph(url: (name: BenchmarkSubgraph) => string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'yrd-bench-')), 'supergraph.graphql');
  writeFileSync(file, benchmarkSupergraphSdl(url));
  return file;
}
