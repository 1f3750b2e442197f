import { describeFuzzRun } from './fuzz-run';

/** A quarter of the 10,000-request fuzz run (seed 20260715); fuzz-a … fuzz-d are the four quarters. */
describeFuzzRun(20260715, 2_500);
