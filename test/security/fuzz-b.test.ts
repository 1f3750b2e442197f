import { describeFuzzRun } from './fuzz-run';

/** Half of the fuzz run (seed 20260713); fuzz-a.test.ts is the other. */
describeFuzzRun(20260713, 5_000);
