import type { ExactlyOnceMutualAid } from './exactly-once';

/**
 * Settles the journal's pending entries of a province when its subgraph starts (a crash left
 * them), and again when an entry could not be settled yet, until none is left or it is stopped.
 */
export function sweepPendingMutualAid(mutualAid: ExactlyOnceMutualAid, retryMs = 30_000): { stop(): void; done: Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = async (): Promise<void> => {
    if (stopped) return;
    const result = await mutualAid.reconcilePending().catch(() => ({ left: 1, retryAt: null }));
    if (stopped || result.left === 0) return;
    const wait = result.retryAt === null ? retryMs : Math.max(50, result.retryAt - Date.now());
    timer = setTimeout(() => void run(), wait);
    timer.unref();
  };
  return {
    done: run(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
