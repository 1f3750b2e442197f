import { DeadlineError, passDeadline, withDeadline } from '../../schema/with-deadline';

/** One deadline helper for the shared cache's commands and the credit-code index's first loads. */

describe('withDeadline', () => {
  afterEach(() => jest.useRealTimers());

  it('answers as the promise does when it settles first, and clears its timer', async () => {
    jest.useFakeTimers();
    const answered = withDeadline(Promise.resolve('answer'), 1000, 'TEST_DEADLINE');
    await expect(answered).resolves.toBe('answer');
    expect(jest.getTimerCount()).toBe(0);
    const failed = withDeadline(Promise.reject(new Error('refused')), 1000, 'TEST_DEADLINE');
    await expect(failed).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('fails with a DeadlineError carrying its code once the time has passed first', async () => {
    jest.useFakeTimers();
    let settle: (value: string) => void = () => undefined;
    const late = withDeadline(new Promise<string>((resolve) => (settle = resolve)), 250, 'CACHE_DEADLINE');
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(249);
    const outcome = late.then(
      () => 'settled',
      (e: unknown) => e,
    );
    jest.advanceTimersByTime(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(DeadlineError);
    expect([(error as DeadlineError).code, (error as DeadlineError).ms, (error as DeadlineError).message]).toEqual(['CACHE_DEADLINE', 250, 'CACHE_DEADLINE: no answer within 250 ms']);
    settle('too late');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not keep the process alive by its timer alone', async () => {
    const timers = jest.spyOn(global, 'setTimeout');
    const pending = withDeadline(new Promise(() => undefined), 60_000, 'TEST_DEADLINE');
    pending.catch(() => undefined);
    const timer = timers.mock.results[0]?.value as NodeJS.Timeout;
    timers.mockRestore();
    expect(timer.hasRef()).toBe(false);
    clearTimeout(timer);
  });

  it('lets a .catch treat running out of time as an answer, and nothing else', async () => {
    await expect(withDeadline(new Promise(() => undefined), 10, 'TEST_DEADLINE').catch(passDeadline)).resolves.toBeUndefined();
    await expect(withDeadline(Promise.reject(new Error('refused')), 10, 'TEST_DEADLINE').catch(passDeadline)).rejects.toThrow('refused');
  });
});
