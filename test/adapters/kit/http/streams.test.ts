import { afterEachTest, beforeEachTest, client, get, legacy, sleep } from './harness';

beforeEach(beforeEachTest);
afterEach(afterEachTest);

/** The body's chunks as they reach the consumer, with how many the system had written by then. */
async function chunksOf(body: AsyncIterable<Buffer>, written: () => number): Promise<{ text: string; writtenAtFirstChunk: number }> {
  let text = '';
  let writtenAtFirstChunk = -1;
  for await (const chunk of body) {
    if (writtenAtFirstChunk < 0) writtenAtFirstChunk = written();
    text += chunk.toString('utf8');
  }
  return { text, writtenAtFirstChunk };
}

describe('a streamed request', () => {
  it('hands the body over while it arrives, before the system has finished writing it', async () => {
    let written = 0;
    legacy.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv' });
      const write = (i: number): void => {
        if (i === 5) return void res.end();
        res.write(`row ${i}\n`);
        written += 1;
        setTimeout(() => write(i + 1), 30);
      };
      write(0);
    };
    const result = await client().stream(get('/credit/v1/aqsc/files/a.csv.gz'), async (res) => ({ status: res.status, ...(await chunksOf(res.body, () => written)) }));
    expect(result.status).toBe(200);
    expect(result.text).toBe('row 0\nrow 1\nrow 2\nrow 3\nrow 4\n');
    expect(result.writtenAtFirstChunk).toBeLessThan(5);
  });

  it('retries a 503 like any idempotent request, and gives the consumer only the good answer', async () => {
    legacy.answerInTurn(503);
    const seen: number[] = [];
    const text = await client().stream(get(), async (res) => {
      seen.push(res.status);
      return (await chunksOf(res.body, () => 0)).text;
    });
    expect(seen).toEqual([200]);
    expect(text).toBe('ok');
    expect(legacy.arrivals).toHaveLength(2);
  });

  it('passes the consumer’s own failure through unchanged and never retries it', async () => {
    class Refused extends Error {}
    const streamed = client().stream(get(), async (res) => {
      await chunksOf(res.body, () => 0);
      throw new Refused('content does not match its sha256');
    });
    await expect(streamed).rejects.toBeInstanceOf(Refused);
    expect(legacy.arrivals).toHaveLength(1);
  });

  it('gives up a body that stops arriving within the attempt’s timeout, and retries it', async () => {
    let calls = 0;
    legacy.handler = (_req, res) => {
      calls += 1;
      res.writeHead(200);
      res.write('half');
      if (calls > 1) res.end(' and the rest');
    };
    const text = await client({ timeoutMs: 150 }).stream(get(), async (res) => (await chunksOf(res.body, () => 0)).text);
    expect(text).toBe('half and the rest');
    expect(calls).toBe(2);
    await sleep(10);
  });
});
