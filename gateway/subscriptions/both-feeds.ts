import type { WatchedFeed } from './change-poller';

/** Two feeds that fill one stream, watched together: the trips' status changes and their border crossings. */
export function bothFeeds(a: WatchedFeed, b: WatchedFeed): WatchedFeed {
  return {
    watch() {
      const [endA, endB] = [a.watch(), b.watch()];
      return () => {
        endA();
        endB();
      };
    },
    unavailable() {
      const byProvince = new Map([...b.unavailable(), ...a.unavailable()].map((u) => [u.province, u]));
      return [...byProvince.values()];
    },
  };
}
