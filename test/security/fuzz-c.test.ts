import { describeFuzzRun } from './fuzz-run';

/** A quarter of the 10,000-request fuzz run (seed 20260714); fuzz-a … fuzz-d are the four quarters. */
describeFuzzRun(20260714, 2_500);
