import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { printSchema } from 'graphql';
import { startFederation, type Federation } from '../support/federation';
import { expectedBases } from '../support/oracle';

/**
 * examples/: what an app developer does with the gateway's public schema file. Download
 * GET /schema.graphql, generate typed documents from examples/operations with GraphQL Code
 * Generator (examples/codegen.yml), compile examples/client.ts against them, run it against the
 * running federation, and compare what it prints with the data set.
 */

const root = path.resolve(__dirname, '../..');
const work = path.join(root, '.test-dist', `examples-${process.pid}`);
const execute = promisify(execFile);

/** Runs a node script; a failure carries what it printed (tsc's errors go to stdout). */
async function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string }> {
  try {
    return await execute(file, args, options);
  } catch (e) {
    const { stdout, stderr, message } = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

interface ClientOutput {
  provinces: string[];
  hazmatBases: number;
  firstHazmatBases: { id: string; name: string; province: string; level: string }[];
}

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation();
  mkdirSync(path.join(work, 'generated'), { recursive: true });
}, 60_000);
afterAll(async () => {
  await fed?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the examples/ typed client', () => {
  it('is generated from GET /schema.graphql (the live API schema), compiles, and prints what the data set holds', async () => {
    const schemaFile = path.join(work, 'schema.graphql');
    const sdl = await (await fetch(new URL('/schema.graphql', fed.url))).text();
    expect(sdl).toBe(printSchema(fed.gateway.gateway.schema!));
    writeFileSync(schemaFile, sdl);

    await run(process.execPath, [path.join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js'), '--config', 'examples/codegen.yml'], {
      cwd: root,
      env: { ...process.env, SCHEMA_FILE: schemaFile, OUT_FILE: path.join(work, 'generated/graphql.ts') },
    });
    expect(readFileSync(path.join(work, 'generated/graphql.ts'), 'utf8')).toContain('RescueBasesWithCapabilityDocument');

    copyFileSync(path.join(root, 'examples/client.ts'), path.join(work, 'client.ts'));
    const tsconfig = JSON.parse(readFileSync(path.join(root, 'examples/tsconfig.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({ ...tsconfig, extends: path.join(root, 'tsconfig.json') }));
    await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(work, 'tsconfig.json')], { cwd: root });

    const { stdout } = await run(process.execPath, [path.join(work, 'dist/client.js')], { cwd: root, env: { ...process.env, GATEWAY_URL: fed.url } });
    const output = JSON.parse(stdout) as ClientOutput;
    const hazmat = expectedBases(fed.dataset).filter((b) => b.capabilities.includes('HAZMAT'));
    expect(output.hazmatBases).toBe(hazmat.length);
    expect(output.firstHazmatBases).toEqual(hazmat.slice(0, 5).map(({ id, name, province, level }) => ({ id, name, province, level })));
    expect(output.provinces.map((p) => p.slice(0, 2)).sort()).toEqual(['AH', 'JS', 'SH', 'ZJ']);
  }, 180_000);
});
