import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
    // The rejection is made on the loop's next turn (setImmediate), which stays real here.
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
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

  it('counts an answer that arrived in time as in time, even when the event loop was busy past the deadline', async () => {
    // The answering side in a process of its own, so that it answers while this loop is held.
    // It leaves a mark once the answer is written, so that this loop is held until the answer has come back.
    const mark = path.join(tmpdir(), `deadline-answered-${process.pid}-${Date.now()}`);
    const server = spawn(process.execPath, ['-e', `require('net').createServer((s) => s.on('data', () => s.write('pong', () => require('fs').writeFileSync(${JSON.stringify(mark)}, '')))).listen(0, '127.0.0.1', function () { console.log(this.address().port); })`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => server.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const client = net.connect(port, '127.0.0.1');
    try {
      await new Promise<void>((resolve) => client.once('connect', resolve));
      const answer = new Promise<string>((resolve) => client.once('data', (d) => resolve(d.toString())));
      client.write('ping');
      const asked = withDeadline(answer, 100, 'TEST_DEADLINE');
      // The loop is held past the deadline while the answer comes back (a large parse, say).
      const busyUntil = Date.now() + 200;
      while (Date.now() < busyUntil || !existsSync(mark));
      await expect(asked).resolves.toBe('pong');
      await expect(withDeadline(new Promise(() => undefined), 50, 'TEST_DEADLINE')).rejects.toBeInstanceOf(DeadlineError);
    } finally {
      client.destroy();
      server.kill();
      rmSync(mark, { force: true });
    }
  });
});
