import { InProcessCache } from '../../../schema/cache/in-process-cache';
import { SyncLease, UNLEASED } from '../../../schema/cache/sync-lease';

/** The sync lease the province copies and the credit copy share: short, renewed while held, given back on release and close. */

const KEY = 'legacy:CR:sanctions:sync-lease';
const LEASE_MS = 300;

describe('SyncLease', () => {
  afterEach(() => jest.useRealTimers());

  it('is kept past its time to live while held (renewed every third of it), and free for another once released', async () => {
    jest.useFakeTimers();
    const cache = new InProcessCache();
    const holder = new SyncLease(cache, KEY, LEASE_MS);
    const other = new SyncLease(cache, KEY, LEASE_MS);
    const token = await holder.take();
    expect(token).toEqual(expect.any(String));
    await jest.advanceTimersByTimeAsync(LEASE_MS * 5);
    expect(await other.take()).toBeNull();
    await holder.release(token as string);
    expect(await other.take()).toEqual(expect.any(String));
  });

  it('runs out within its time to live once its holder stops renewing (a holder that died)', async () => {
    jest.useFakeTimers();
    const cache = new InProcessCache();
    expect(await cache.lease(KEY, LEASE_MS)).toEqual(expect.any(String));
    const other = new SyncLease(cache, KEY, LEASE_MS);
    expect(await other.take()).toBeNull();
    await jest.advanceTimersByTimeAsync(LEASE_MS + 1);
    expect(await other.take()).toEqual(expect.any(String));
  });

  it('answers UNLEASED when the cache cannot say, so that its holder syncs on its own', async () => {
    const cache = new InProcessCache();
    cache.lease = () => Promise.reject(new Error('no answer'));
    expect(await new SyncLease(cache, KEY, LEASE_MS).take()).toBe(UNLEASED);
  });

  it('takes the lease again at once when a failover brought back its own released token (a release the promoted replica never got)', async () => {
    const cache = new InProcessCache();
    const holder = new SyncLease(cache, KEY, 60_000);
    const token = (await holder.take()) as string;
    await holder.release(token);
    await cache.lease(KEY, 60_000, token); // the key as the promoted replica holds it: this process's token, renewed by nobody
    expect(await holder.take()).toEqual(expect.any(String));
    expect(await new SyncLease(cache, KEY, 60_000).take()).toBeNull();
  });

  it('takes the lease again at once when the answer to its own ask was lost after the cache took it', async () => {
    const cache = new InProcessCache();
    const answering = cache.lease.bind(cache);
    cache.lease = async (key, ttlMs, token) => {
      await answering(key, ttlMs, token);
      throw new Error('the master died before answering');
    };
    const holder = new SyncLease(cache, KEY, 60_000);
    expect(await holder.take()).toBe(UNLEASED);
    cache.lease = answering;
    expect(await holder.take()).toEqual(expect.any(String));
  });

  it("does not take a lease another process holds, whatever tokens it gave back itself, and releases those again once", async () => {
    const cache = new InProcessCache();
    const one = new SyncLease(cache, KEY, 60_000);
    await one.release((await one.take()) as string);
    const other = new SyncLease(cache, KEY, 60_000);
    expect(await other.take()).toEqual(expect.any(String));
    const asked = jest.spyOn(cache, 'release');
    expect(await one.take()).toBeNull();
    expect(await one.take()).toBeNull();
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('keeps its given-back tokens for one lease time only, however many syncs it ran', async () => {
    jest.useFakeTimers();
    const cache = new InProcessCache();
    const holder = new SyncLease(cache, KEY, LEASE_MS);
    for (let i = 0; i < 200; i++) {
      await holder.release((await holder.take()) as string);
      await jest.advanceTimersByTimeAsync(LEASE_MS / 2);
    }
    expect((holder as unknown as { given: Map<string, number> }).given.size).toBeLessThanOrEqual(3);
  });

  it('gives the lease back on close and takes no other after it', async () => {
    const cache = new InProcessCache();
    const holder = new SyncLease(cache, KEY, LEASE_MS);
    expect(await holder.take()).toEqual(expect.any(String));
    await holder.close();
    expect(await holder.take()).toBe(UNLEASED);
    expect(await new SyncLease(cache, KEY, LEASE_MS).take()).toEqual(expect.any(String));
  });

  it('gives back a lease the cache granted while close() ran (its answer still on the way), and renews none', async () => {
    const cache = new InProcessCache();
    const granting = cache.lease.bind(cache);
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let granted: () => void = () => undefined;
    const grantedInCache = new Promise<void>((resolve) => (granted = resolve));
    cache.lease = async (key, ttlMs, token) => {
      const taken = await granting(key, ttlMs, token);
      granted();
      await answered;
      return taken;
    };
    const holder = new SyncLease(cache, KEY, LEASE_MS);
    const taking = holder.take();
    await grantedInCache;
    const closing = holder.close();
    answer();
    await closing;
    expect(await taking).toBe(UNLEASED);
    cache.lease = granting;
    expect(await new SyncLease(cache, KEY, LEASE_MS).take()).toEqual(expect.any(String));
    expect((holder as unknown as { renewals: Map<string, unknown> }).renewals.size).toBe(0);
  });
});
