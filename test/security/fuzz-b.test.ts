import { describeFuzzRun } from './fuzz-run';

/** A quarter of the 10,000-request fuzz run (seed 20260713); fuzz-a … fuzz-d are the four quarters. */
describeFuzzRun(20260713, 2_500);
