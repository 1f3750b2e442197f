import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAccessLogStore } from '../../schema/access-log/file-store';
import { verifyAccessRecords } from '../../schema/access-log/verify';
import { allRecords } from '../support/access-entries';
import { startFederation, type Federation } from '../support/federation';
import { buildForProcesses, gatewayEnvOf, removeBuild, startGatewayProcesses } from '../support/gateway-processes';
import { expectedEnterpriseByCode, expectedEnterprises } from '../support/oracle';
import { mintToken } from '../support/tokens';

/**
 * A gateway process stopped by SIGTERM closes its server and every store before it exits 0: the
 * access records still waiting for their batch are written. NODE_ENV is not `test` in the child, as
 * in a deployment, where Apollo Server would otherwise stop the server and end the process by the
 * signal's default action before the stores are closed.
 */

jest.setTimeout(120_000);

let fed: Federation;
let dist: string;
let dir: string;
beforeAll(async () => {
  [fed, dist, dir] = await Promise.all([startFederation({ credit: false }), buildForProcesses('gateway-sigterm'), mkdtemp(path.join(tmpdir(), 'gateway-sigterm-'))]);
}, 300_000);
afterAll(async () => {
  await fed?.close();
  if (dist) removeBuild(dist);
  await rm(dir, { recursive: true, force: true });
});

const DETAIL = 'query Detail($c: ID!) { hazmatEnterprise(creditCode: $c) { name chemicals { unNumber } } }';

it('exits 0 on SIGTERM with the batch of access records not yet flushed written and the log intact', async () => {
  const file = path.join(dir, 'access.jsonl');
  const env = gatewayEnvOf(fed, { NODE_ENV: 'development', RESPONSE_CACHE_MAX_MB: '0', ACCESS_LOG_FILE: file, ACCESS_LOG_FLUSH_MS: '60000' });
  const [gateway] = await startGatewayProcesses(dist, 1, env);
  const codes = expectedEnterprises(fed.dataset, ['JS'])
    .filter((e) => e.chemicals.length > 0 && expectedEnterpriseByCode(fed.dataset, e.creditCode) === e)
    .slice(0, 5)
    .map((e) => e.creditCode);
  const authorization = `Bearer ${await mintToken({ sub: 'sigterm-test', role: 'exchange', catalog: ['HAZMAT_DETAIL'] })}`;
  for (const c of codes) {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: DETAIL, variables: { c } }) });
    const body = (await res.json()) as { data?: { hazmatEnterprise: { chemicals: unknown[] } | null }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.hazmatEnterprise?.chemicals.length).toBeGreaterThan(0);
  }
  expect(await allRecords(new FileAccessLogStore({ file }))).toHaveLength(0);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => gateway.child.once('exit', (code, signal) => resolve({ code, signal })));
  gateway.child.kill('SIGTERM');
  expect(await exited).toEqual({ code: 0, signal: null });

  const records = await allRecords(new FileAccessLogStore({ file }));
  expect(records).toHaveLength(codes.length);
  expect(records.every((r) => r.sub === 'sigterm-test' && r.released.some((e) => e.entry === 'HAZMAT_DETAIL'))).toBe(true);
  expect(await verifyAccessRecords(records)).toMatchObject({ ok: true });
});
