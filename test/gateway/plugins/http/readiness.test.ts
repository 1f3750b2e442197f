import { startOpsFederation, type OpsFederation } from '../../../fixtures/gateway/ops-federation';

interface ReadyBody {
  status: string;
  supergraph: string;
  checks: Record<string, { ready: boolean; reason?: string }>;
  notReady: string[];
}

async function get(url: string): Promise<{ status: number; body: ReadyBody; text: string }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as ReadyBody, text };
}

describe('health and readiness', () => {
  let fed: OpsFederation;

  beforeAll(async () => {
    fed = await startOpsFederation({ READY_CACHE_MS: '1500', READY_PROBE_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await fed.close();
  });

  test('/health answers 200 while the process serves', async () => {
    const res = await fetch(`${fed.origin}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('/ready answers 200 when the supergraph is loaded and every subgraph and shard answers', async () => {
    const { status, body } = await get(`${fed.origin}/ready`);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.supergraph).toBe('loaded');
    expect(Object.keys(body.checks).sort()).toEqual(['provinces/AH', 'provinces/JS', 'provinces/SH', 'provinces/ZJ', 'region']);
    expect(Object.values(body.checks).every((c) => c.ready)).toBe(true);
    expect(body.notReady).toEqual([]);
    expect(fed.shards.SH.requests.some((r) => r.query.includes('__typename'))).toBe(true);
  });

  test('/ready is cached briefly, then answers 503 naming the shard that stopped, without its address', async () => {
    await get(`${fed.origin}/ready`);
    await fed.shards.ZJ.stop();

    const cached = await get(`${fed.origin}/ready`);
    expect(cached.status).toBe(200);

    await new Promise((r) => setTimeout(r, 1600));
    const after = await get(`${fed.origin}/ready`);
    expect(after.status).toBe(503);
    expect(after.body.status).toBe('not ready');
    expect(after.body.notReady).toEqual(['provinces/ZJ']);
    expect(after.body.checks['provinces/ZJ'].ready).toBe(false);
    expect(after.body.checks['provinces/SH'].ready).toBe(true);
    expect(after.text).not.toContain('127.0.0.1');

    const health = await fetch(`${fed.origin}/health`);
    expect(health.status).toBe(200);
  });
});
