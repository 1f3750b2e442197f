import { createLogger } from '../../../../gateway/plugins/http/logging';
import { captureLogs, startOpsFederation, type OpsFederation } from '../../../fixtures/gateway/ops-federation';
import { TEST_AUTH_ENV, mintToken } from '../../../support/tokens';

/** A valid token (the gateway refuses any other with 401 before a shard is called). */
let SECRET_TOKEN = '';
const SECRET_VALUE = 'SH:Warning:1';

describe('request logs and request ids', () => {
  let fed: OpsFederation;

  beforeAll(async () => {
    fed = await startOpsFederation(TEST_AUTH_ENV);
    SECRET_TOKEN = `Bearer ${await mintToken({ role: 'app' })}`;
  });
  afterAll(async () => {
    await fed.close();
  });

  test('one JSON line per request with its id, operation name, duration, status and error codes', async () => {
    const answer = await fed.query('query Broken { warning(id: "JS:Warning:2") { id headline } }', { headers: { 'x-request-id': 'req-broken-1' } });
    expect(answer.headers.get('x-request-id')).toBe('req-broken-1');
    const lines = fed.logs.lines.filter((l) => l.requestId === 'req-broken-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', service: 'gateway', operationName: 'Broken', status: 200, errorCodes: ['LEGACY_DATA_INVALID'] });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(typeof lines[0].time).toBe('string');
  });

  test('the request id reaches every shard and subgraph the request fetches from', async () => {
    const before = { SH: fed.shards.SH.requests.length, AH: fed.shards.AH.requests.length, region: fed.region.requests.length };
    await fed.query('query Everything { regionName materialTotals { code quantity } }', { headers: { 'x-request-id': 'req-scatter-7' } });
    const shardIds = [...fed.shards.SH.requests.slice(before.SH), ...fed.shards.AH.requests.slice(before.AH)].map((r) => r.headers['x-request-id']);
    expect(shardIds).toEqual(['req-scatter-7', 'req-scatter-7']);
    expect(fed.region.requests.slice(before.region).map((r) => r.headers['x-request-id'])).toEqual(['req-scatter-7']);
  });

  test('without x-request-id the gateway makes one, returns it and forwards it', async () => {
    const before = fed.shards.SH.requests.length;
    const answer = await fed.query('query One { warning(id: "SH:Warning:1") { id } }');
    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fed.shards.SH.requests.slice(before).map((r) => r.headers['x-request-id'])).toEqual([id]);
    expect(fed.logs.lines.filter((l) => l.requestId === id)).toHaveLength(1);
  });

  test('an unusable x-request-id (too long, or with characters that would forge log lines) is replaced', async () => {
    for (const unusable of ['a"b\\c}', 'x'.repeat(129)]) {
      const answer = await fed.query('{ regionName }', { headers: { 'x-request-id': unusable } });
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('the caller\'s token is forwarded to the shards but never logged, and neither are variable values', async () => {
    const before = fed.shards.SH.requests.length;
    await fed.query('query ById($id: ID!) { warning(id: $id) { id } }', {
      variables: { id: SECRET_VALUE },
      headers: { authorization: SECRET_TOKEN, 'x-request-id': 'req-secret-3' },
    });
    expect(fed.shards.SH.requests.slice(before).map((r) => r.headers.authorization)).toEqual([SECRET_TOKEN]);
    const all = fed.logs.raw.join('\n');
    expect(all).toContain('req-secret-3');
    expect(all).not.toContain(SECRET_TOKEN.slice('Bearer '.length));
    expect(all).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(all).not.toContain(SECRET_VALUE);
    expect(all.toLowerCase()).not.toContain('authorization');
  });
});

describe('LOG_LEVEL', () => {
  test('lines below the level are not written; redaction drops headers, variables and tokens passed by mistake', () => {
    const capture = captureLogs();
    const logger = createLogger('warn', capture);
    logger.info({ requestId: 'r1' }, 'request');
    logger.warn({ requestId: 'r2', authorization: 'Bearer x', variables: { id: 1 }, req: { headers: { authorization: 'Bearer y' } } }, 'slow');
    expect(capture.lines).toHaveLength(1);
    expect(capture.lines[0]).toMatchObject({ level: 'warn', requestId: 'r2', msg: 'slow' });
    expect(capture.raw[0]).not.toContain('Bearer');
  });

  test('redaction drops a waybill crew and certificate numbers passed by mistake', () => {
    const capture = captureLogs();
    const logger = createLogger('info', capture);
    const crew = [{ role: 'DRIVER', name: '王建国', qualificationCertificate: '310101198001011234', phone: '13900000000' }];
    logger.info({ requestId: 'r3', waybill: { id: 'SH:Waybill:1', crew }, holder: { qualificationCertificate: crew[0].qualificationCertificate }, crew }, 'answer');
    expect(capture.lines[0]).toMatchObject({ requestId: 'r3', waybill: { id: 'SH:Waybill:1' } });
    expect(capture.raw[0]).not.toContain('310101198001011234');
    expect(capture.raw[0]).not.toContain('13900000000');
  });
});
