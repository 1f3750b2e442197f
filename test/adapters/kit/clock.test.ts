import { Clock } from '../../../adapters/kit/clock';

describe('Clock', () => {
  it('reads real time by default', () => {
    const before = Date.now();
    const now = new Clock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('starts at its instant and runs on with real time', async () => {
    const clock = Clock.startingAt(new Date('2026-07-12T08:30:00+08:00'));
    const first = clock.now().getTime();
    expect(Math.abs(first - Date.parse('2026-07-12T00:30:00Z'))).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 120));
    const elapsed = clock.now().getTime() - first;
    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(1000);
  });

  it('can be started at any instant', () => {
    const start = new Date('2030-01-01T00:00:00Z');
    expect(Math.abs(Clock.startingAt(start).now().getTime() - start.getTime())).toBeLessThan(50);
  });
});
