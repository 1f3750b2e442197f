import type { ChildProcess } from 'node:child_process';
import { isReadyMessage } from '../../schema/ready-message';

/**
 * Where a child process listens, as it says over IPC once it is listening (schema/ready-message.ts).
 * Children started on port 0 bind their own port, so no other process can take it between a pick
 * and a bind. Watch from the spawn on, so that an early message is kept; spawn with an 'ipc' stdio slot.
 */
export type ReadyUrls = Record<string, string>;

export function watchReady(child: ChildProcess, what: string): (timeoutMs?: number) => Promise<ReadyUrls> {
  let urls: ReadyUrls | null = null;
  const waiting = new Set<() => void>();
  child.on('message', (m: unknown) => {
    if (!isReadyMessage(m)) return;
    urls = m.urls;
    for (const wake of waiting) wake();
  });
  child.once('exit', () => {
    for (const wake of waiting) wake();
  });
  return (timeoutMs = 60_000) =>
    new Promise<ReadyUrls>((resolve, reject) => {
      const settle = (): void => {
        waiting.delete(settle);
        clearTimeout(timer);
        if (urls) resolve(urls);
        else reject(new Error(`${what} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was listening`));
      };
      const timer = setTimeout(() => {
        waiting.delete(settle);
        reject(new Error(`${what} was not listening within ${timeoutMs} ms`));
      }, timeoutMs);
      if (urls || child.exitCode !== null || child.signalCode !== null) settle();
      else waiting.add(settle);
    });
}

/** `urls[name]`, or an error naming what the child said instead. */
export function urlOf(urls: ReadyUrls, name: string): string {
  const url = urls[name];
  if (!url) throw new Error(`no ${name} among ${JSON.stringify(urls)}`);
  return url;
}
