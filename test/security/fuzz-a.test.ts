import { describeFuzzRun } from './fuzz-run';

/** Half of the fuzz run (seed 20260712); fuzz-b.test.ts is the other. */
describeFuzzRun(20260712, 5_000);
