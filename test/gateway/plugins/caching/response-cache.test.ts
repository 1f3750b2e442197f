import type { IncomingMessage } from 'node:http';
import { Registry } from 'prom-client';
import { newTrace, type GatewayContext } from '../../../../gateway/context';
import type { CompleteAnswer, ShareInFlight } from '../../../../schema/http/graphql-handler';
import { ResponseCache, visibilityOf } from '../../../../gateway/plugins/caching/response-cache';
import { ANONYMOUS, type Caller } from '../../../../schema/sharing-catalog';
import { metricSum } from '../../../support/metric-sum';

/**
 * The response cache's share layer over a stand-in execution: what it keeps, for how long, for whom.
 * The execution tells the cache how long its answer holds, the way the cache's plugin does after a real one.
 */

const EXCHANGE: Caller = { sub: 'a', role: 'exchange', province: null, catalog: ['HAZMAT_DETAIL', 'VEHICLE_TRACK'] };

function harness(maxBytes = 1 << 20) {
  const contexts = new WeakMap<IncomingMessage, GatewayContext>();
  const registry = new Registry();
  const cache = new ResponseCache({ maxBytes, registry, contextOf: (req) => contexts.get(req) });
  let executions = 0;
  const execute = (validForS: number, status = 200, body?: string): ((req: IncomingMessage) => () => Promise<CompleteAnswer>) => (req) => async () => {
    executions += 1;
    const context = contexts.get(req) as GatewayContext;
    cache.answerHolds(context, validForS);
    context.trace.operationName = 'Q';
    return { status, headers: [['content-type', 'application/json']], body: Buffer.from(body ?? `{"data":{"n":${executions}}}`) };
  };
  const passThrough: ShareInFlight = (_req, _request, run) => run();
  const share = cache.share(passThrough);
  const send = async (query: string, options: { caller?: Caller; validForS?: number; status?: number; headers?: Record<string, string>; body?: string } = {}) => {
    const req = { headers: { 'content-type': 'application/json', ...options.headers } } as unknown as IncomingMessage;
    const context: GatewayContext = { requestId: 'r', trace: newTrace(), caller: options.caller ?? ANONYMOUS };
    contexts.set(req, context);
    const raw = JSON.stringify({ query });
    const answer = await share(req, { rawBody: raw, body: JSON.parse(raw) as unknown, headers: req.headers }, execute(options.validForS ?? 5, options.status, options.body)(req));
    return { answer, context };
  };
  const lookups = async (outcome: string) => metricSum(await registry.metrics(), 'gateway_response_cache_lookups_total', { outcome });
  return { cache, send, lookups, executions: () => executions };
}

describe('the response cache', () => {
  it('answers a repeated query from the cache while it holds, with the first execution\'s trace', async () => {
    const h = harness();
    const first = await h.send('{ n }');
    const second = await h.send('{ n }');
    expect(h.executions()).toBe(1);
    expect(second.answer).toEqual(first.answer);
    expect(second.context.trace).toEqual({ operationName: 'Q', errorCodes: [] });
    expect(second.context.trace).not.toBe(first.context.trace);
    expect(await h.lookups('hit')).toBe(1);
    expect(await h.lookups('miss')).toBe(1);
  });

  it('keeps an answer no longer than it holds', async () => {
    const h = harness();
    await h.send('{ n }', { validForS: 1 });
    await h.send('{ n }', { validForS: 1 });
    expect(h.executions()).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    await h.send('{ n }', { validForS: 1 });
    expect(h.executions()).toBe(2);
  });

  it('does not keep an answer that must not be reused, nor one that is not a success', async () => {
    const h = harness();
    await h.send('{ n }', { validForS: 0 });
    await h.send('{ n }', { validForS: 0 });
    expect(h.executions()).toBe(2);
    await h.send('{ m }', { status: 400 });
    await h.send('{ m }', { status: 400 });
    expect(h.executions()).toBe(4);
  });

  it('keeps one answer per visibility: callers who may see other fields never share', async () => {
    const h = harness();
    const anonymous = await h.send('{ n }');
    const exchange = await h.send('{ n }', { caller: EXCHANGE });
    const sameRights = await h.send('{ n }', { caller: { ...EXCHANGE, sub: 'b', catalog: ['VEHICLE_TRACK', 'HAZMAT_DETAIL'] } });
    const province = await h.send('{ n }', { caller: { sub: 'c', role: 'province', province: 'SH', catalog: EXCHANGE.catalog } });
    expect(h.executions()).toBe(3);
    expect(exchange.answer).not.toEqual(anonymous.answer);
    expect(sameRights.answer).toEqual(exchange.answer);
    expect(province.answer).not.toEqual(exchange.answer);
    expect(visibilityOf(ANONYMOUS)).toBe('anonymous');
    expect(visibilityOf(EXCHANGE)).toBe('exchange||HAZMAT_DETAIL,VEHICLE_TRACK');
  });

  it('never keeps or serves mutations or documents it cannot read', async () => {
    const h = harness();
    await h.send('mutation { m }');
    await h.send('mutation { m }');
    await h.send('{ broken');
    await h.send('{ broken');
    expect(h.executions()).toBe(4);
    expect(await h.lookups('bypass')).toBe(4);
  });

  it('executes afresh for Cache-Control: no-cache (and keeps that answer), and neither reads nor writes for no-store', async () => {
    const h = harness();
    await h.send('{ n }');
    const fresh = await h.send('{ n }', { headers: { 'cache-control': 'no-cache' } });
    expect(h.executions()).toBe(2);
    expect((await h.send('{ n }')).answer).toEqual(fresh.answer);
    await h.send('{ n }', { headers: { 'cache-control': 'no-store' } });
    expect(h.executions()).toBe(3);
    await h.send('{ other }', { headers: { 'cache-control': 'no-store' } });
    await h.send('{ other }');
    expect(h.executions()).toBe(5);
  });

  it('stays within its size bound, dropping the least recently used, and empties on clear()', async () => {
    const big = `{"data":{"pad":"${'x'.repeat(600)}"}}`;
    const h = harness(1500);
    await h.send('{ a }', { body: big });
    await h.send('{ b }', { body: big });
    await h.send('{ c }', { body: big });
    await h.send('{ a }', { body: big });
    expect(h.executions()).toBe(4);
    await h.send('{ c }', { body: big });
    expect(h.executions()).toBe(4);
    h.cache.clear();
    await h.send('{ c }', { body: big });
    expect(h.executions()).toBe(5);
  });
});
