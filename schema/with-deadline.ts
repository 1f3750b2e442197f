/** A promise that did not settle in time; `code` says whose deadline it was (e.g. CACHE_DEADLINE). */
export class DeadlineError extends Error {
  constructor(
    readonly code: string,
    readonly ms: number,
  ) {
    super(`${code}: no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * `promise`'s outcome, or a DeadlineError with `code` once `ms` have passed first. The timer is
 * cleared as soon as either settles, and never keeps the process alive on its own.
 *
 * After the event loop has been busy past `ms` (a large JSON parsed, an index built), the timer
 * and an answer that arrived meanwhile are both due, and the loop runs timers before it reads
 * sockets: the timer's rejection therefore waits one turn (setImmediate, after the sockets are
 * read), so that an answer that was on time is not counted as late.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new DeadlineError(code, ms))).unref(), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** For a `.catch` where running out of time is an answer: swallows a DeadlineError, rethrows anything else. */
export function passDeadline(error: unknown): void {
  if (!(error instanceof DeadlineError)) throw error;
}
