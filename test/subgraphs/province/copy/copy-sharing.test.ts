import { InProcessCache } from '../../../../schema/cache/in-process-cache';
import { CopySharing } from '../../../../subgraphs/province/copy/copy-sharing';
import type { WaybillRecord } from '../../../../schema/model';

/** A cache whose next release does not reach the store, as one sent while Redis fails over (the lease stays held); it says so. */
class LosesOneRelease extends InProcessCache {
  lose = false;
  override async release(key: string, token: string): Promise<boolean> {
    if (this.lose) {
      this.lose = false;
      return false;
    }
    return super.release(key, token);
  }
}

describe('CopySharing leases', () => {
  it('a replica whose release was lost is not kept waiting on its own lease until it runs out', async () => {
    const cache = new LosesOneRelease();
    const sharing = new CopySharing<WaybillRecord>({ cache, key: 'legacy:ZJ:replica:warnings', keepMs: 60_000, leaseMs: 120_000 });
    const first = await sharing.lease();
    expect(first).toEqual(expect.any(String));
    cache.lose = true;
    await sharing.release(first as string);
    expect(await sharing.lease()).toEqual(expect.any(String));
  });

  it('a release that reached the store is not sent again before the next lease, one that did not is, once; a refused lease releases the given-back tokens again, once', async () => {
    const cache = new LosesOneRelease();
    const releases: string[] = [];
    const release = cache.release.bind(cache);
    cache.release = (key, token) => (releases.push(token), release(key, token));
    const sharing = new CopySharing<WaybillRecord>({ cache, key: 'k', keepMs: 60_000, leaseMs: 120_000 });
    const first = (await sharing.lease()) as string;
    await sharing.release(first);
    const second = (await sharing.lease()) as string;
    expect(releases).toEqual([first]);
    cache.lose = true;
    await sharing.release(second);
    expect(await sharing.lease()).toEqual(expect.any(String));
    expect(releases).toEqual([first, second, second]);
    // Held by this replica now: a lease asked again is refused, and the tokens it gave back (a failover may have brought one back) are released again, once.
    expect(await sharing.lease()).toBeNull();
    expect(releases).toEqual([first, second, second, first, second]);
    expect(await sharing.lease()).toBeNull();
    expect(releases).toHaveLength(5);
  });

  it('still waits while another replica holds the lease', async () => {
    const cache = new InProcessCache();
    const one = new CopySharing<WaybillRecord>({ cache, key: 'k', keepMs: 60_000, leaseMs: 120_000 });
    const other = new CopySharing<WaybillRecord>({ cache, key: 'k', keepMs: 60_000, leaseMs: 120_000 });
    const held = await one.lease();
    expect(held).toEqual(expect.any(String));
    expect(await other.lease()).toBeNull();
    expect(await other.lease()).toBeNull();
    await one.release(held as string);
    expect(await other.lease()).toEqual(expect.any(String));
  });
});
