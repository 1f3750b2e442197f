import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Preloaded into a bench gateway (`node --require`, BENCH_GC_TALLY=1): its garbage collections by
 * kind (count and total ms) and the event loop's longest pauses, written to stderr when it exits,
 * so that the recording and non-recording gateways of one run can be told apart by what they collect.
 */
const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-sweep',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};
const tally = new Map<string, { count: number; ms: number; maxMs: number }>();
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
    const kind = KINDS[entry.detail?.kind ?? -1] ?? 'other';
    const t = tally.get(kind) ?? { count: 0, ms: 0, maxMs: 0 };
    t.count += 1;
    t.ms += entry.duration;
    t.maxMs = Math.max(t.maxMs, entry.duration);
    tally.set(kind, t);
  }
});
observer.observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  const label = process.env.BENCH_GC_LABEL ?? String(process.pid);
  const kinds = [...tally].map(([kind, t]) => `${kind} ${t.count}× ${t.ms.toFixed(0)} ms (max ${t.maxMs.toFixed(1)})`).join(', ');
  const cpu = process.cpuUsage();
  process.stderr.write(`gc-tally ${label}: ${kinds}; cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; heap used at exit ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB\n`);
});
