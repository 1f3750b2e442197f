/**
 * Polling for a condition in tests: `until` fails when the condition does not hold in time,
 * `untilOrAfter` goes on either way (for tests whose assertions after it say what is missing).
 */

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Until `holds` answers true, asked every `everyMs`; past `withinMs`, an error naming `what`. Resolves to the milliseconds waited. */
export async function until(holds: () => boolean | Promise<boolean>, withinMs = 10_000, what = 'the condition', everyMs = 10): Promise<number> {
  const started = Date.now();
  while (!(await holds())) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await pause(everyMs);
  }
  return Date.now() - started;
}

/** Until `holds` answers true or `withinMs` has passed, asked every `everyMs`. */
export async function untilOrAfter(holds: () => boolean | Promise<boolean>, withinMs: number, everyMs = 10): Promise<void> {
  for (const end = Date.now() + withinMs; !(await holds()) && Date.now() < end; ) await pause(everyMs);
}
