import { reduceHeap } from '../../../subgraphs/province/reduce-heap';

describe('reduceHeap', () => {
  it('hands back the heap that a large pull left behind: after garbage interleaved with kept records, the heap is smaller', async () => {
    const kept: { id: number; text: string }[][] = [];
    for (let round = 0; round < 4; round++) {
      const pulled = Array.from({ length: 300_000 }, (_, i) => ({ id: i, text: `record ${round}-${i}` }));
      kept.push(pulled.filter((_, i) => i % 4 === 0));
    }
    const reduction = await reduceHeap();
    expect(kept.flat()).toHaveLength(300_000);
    expect(reduction.ms).toBeGreaterThanOrEqual(0);
    expect(reduction.heapAfterMb).toBeLessThan(reduction.heapBeforeMb);
    expect(reduction.rssAfterMb).toBeGreaterThan(0);
  });
});
