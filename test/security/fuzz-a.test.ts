import { describeFuzzRun } from './fuzz-run';

/** A quarter of the 10,000-request fuzz run (seed 20260712); fuzz-a … fuzz-d are the four quarters. */
describeFuzzRun(20260712, 2_500);
