import { Session } from 'node:inspector/promises';

/** What one reduction of the heap returned to the system. */
export interface HeapReduction {
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  ms: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/**
 * One memory-reducing collection, as V8 makes on a low-memory notification: full mark-compacts
 * that compact the heap and hand its free pages back to the system. V8 offers it to JavaScript only
 * through the inspector's HeapProfiler.collectGarbage, here on an in-process session (no port is
 * opened). It blocks the event loop for the collection (about half a second for a heap of a few
 * hundred megabytes), so a process asks for it at a moment of its choosing: a province subgraph
 * once after its first pulls, before it reports ready (see node-options.ts for why V8's own
 * memory reducer is off).
 */
export async function reduceHeap(): Promise<HeapReduction> {
  const began = performance.now();
  const before = process.memoryUsage();
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
  const after = process.memoryUsage();
  return { rssBeforeMb: mb(before.rss), rssAfterMb: mb(after.rss), heapBeforeMb: mb(before.heapTotal), heapAfterMb: mb(after.heapTotal), ms: Math.round(performance.now() - began) };
}
