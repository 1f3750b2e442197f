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
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(code, ms)), ms);
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
