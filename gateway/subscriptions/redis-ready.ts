import type { Cluster, default as Redis } from 'ioredis';

/** Commands fail at once while disconnected (no offline queue): waits for the connection first, up to `ms`. */
export async function redisReady(client: Redis | Cluster, ms = 2000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
