import { maskError, withoutAddresses } from '../../../../gateway/plugins/apollo/error-masking';
import { REGION_FAULT_MESSAGE, startOpsFederation, type OpsFederation } from '../../../fixtures/gateway/ops-federation';

describe('error masking', () => {
  let fed: OpsFederation;

  beforeAll(async () => {
    fed = await startOpsFederation({ SHARD_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    await fed.close();
  });

  test('an unexpected subgraph error becomes "Internal server error" with the request id: no stack, no URL, no message', async () => {
    const answer = await fed.query('query Fault { regionName regionFault }', { headers: { 'x-request-id': 'req-fault-1' } });
    expect(answer.body.data).toEqual({ regionName: '长三角', regionFault: null });
    expect(answer.body.errors).toEqual([
      { message: 'Internal server error', path: ['regionFault'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-fault-1' } },
    ]);
    const text = JSON.stringify(answer.body);
    for (const leak of ['ECONNREFUSED', '10.20.30.40', 'region-db', '5432', 'stacktrace', 'at ', '127.0.0.1', 'serviceName']) expect(text).not.toContain(leak);
  });

  test('the masked cause is logged for operators under the request id', () => {
    const logged = fed.logs.lines.find((l) => l.msg === 'internal error masked' && l.requestId === 'req-fault-1');
    expect(logged).toMatchObject({ level: 'error', cause: REGION_FAULT_MESSAGE });
  });

  test('a coded error from a province keeps its message, code, province and safe facts', async () => {
    const answer = await fed.query('query Broken { warning(id: "JS:Warning:2") { id headline } }');
    expect(answer.body.data).toEqual({ warning: { id: 'JS:Warning:2', headline: null } });
    expect(answer.body.errors).toEqual([
      { message: 'cannot map headline', path: ['warning', 'headline'], extensions: { code: 'LEGACY_DATA_INVALID', province: 'JS', sourceId: 'JS:Warning:2' } },
    ]);
  });

  test('OUTSIDE_REGION keeps its argument', async () => {
    const answer = await fed.query('{ warning(id: "BJ:Warning:1") { id } }');
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0].extensions).toEqual({ code: 'OUTSIDE_REGION', argument: 'id' });
  });

  test('a province that cannot be reached leaves PROVINCE_UNAVAILABLE with its province, not its address', async () => {
    await fed.shards.AH.stop();
    const answer = await fed.query('query Totals { materialTotals { code quantity } }');
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'PROVINCE_UNAVAILABLE', province: 'AH' } }),
    ]);
    expect(JSON.stringify(answer.body)).not.toContain('127.0.0.1');
  });

  test('an operation name the document does not define is the caller\'s error: 400 with its message', async () => {
    const res = await fetch(fed.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query A { regionName }', operationName: 'B' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'Unknown operation named "B".', extensions: { code: 'INVALID_GRAPHQL' } }] });
  });

  test('a persisted query refused by Apollo Server for its hash or version is the caller\'s error: 400, BAD_REQUEST, its message, nothing logged as masked', async () => {
    const post = (body: object) => fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-apq-refused' }, body: JSON.stringify(body) });
    const wrongHash = await post({ query: '{ regionName }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(wrongHash.status).toBe(400);
    expect(await wrongHash.json()).toEqual({ errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] });
    const wrongVersion = await post({ query: '{ regionName }', extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } });
    expect(wrongVersion.status).toBe(400);
    expect(await wrongVersion.json()).toEqual({ errors: [{ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } }] });
    expect(fed.logs.lines.filter((l) => l.msg === 'internal error masked' && l.requestId === 'req-apq-refused')).toEqual([]);
  });

  test('GraphQL validation errors keep their message', async () => {
    const answer = await fed.query('{ noSuchField }');
    expect(answer.body.errors?.[0].message).toContain('noSuchField');
    expect(answer.body.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('maskError', () => {
  test('drops every extension outside the safe list and any address left in a coded message', () => {
    expect(
      maskError({
        message: 'SH did not answer (http://10.0.0.7:4201/graphql)',
        path: ['warning'],
        extensions: { code: 'PROVINCE_TIMEOUT', province: 'SH', stale: true, stacktrace: ['Error: x'], serviceName: 'provinces', exception: { host: 'h' } },
      }),
    ).toEqual({ message: 'SH did not answer ([internal address])', path: ['warning'], extensions: { code: 'PROVINCE_TIMEOUT', province: 'SH', stale: true } });
  });

  test('masks errors without a code, and with codes that are not meant for callers', () => {
    for (const extensions of [undefined, { code: 'DOWNSTREAM_SERVICE_ERROR' }, { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] }]) {
      expect(maskError({ message: 'ECONNRESET db.internal:5432', extensions })).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
  });

  test('withoutAddresses removes URLs, IPs and host:port pairs but leaves times and ids alone', () => {
    expect(withoutAddresses('at https://a.b/c, 192.168.1.2:80, localhost:4201 and redis.internal:6379')).toBe(
      'at [internal address], [internal address], [internal address] and [internal address]',
    );
    expect(withoutAddresses('JS:Warning:2 issued 2026-07-12T08:10:00+08:00')).toBe('JS:Warning:2 issued 2026-07-12T08:10:00+08:00');
  });
});
