import { Clock } from '../../adapters/kit/clock';

/** A clock the test moves by hand. */
export class ManualClock extends Clock {
  private at: number;
  constructor(start: Date) {
    super();
    this.at = start.getTime();
  }
  override now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}
