/**
 * What a process sends over the IPC channel its parent gave it, once it listens. The launcher waits
 * for it instead of polling; tests and benchmarks start their children on port 0 and learn from it
 * where each listens, so no port is picked by one process and bound by another (a race with every
 * other process on the machine). `urls` is keyed by what listens: a province or system code,
 * `region`, `credit`, `registry`, `gateway`.
 */
export interface ReadyMessage {
  ready: string;
  urls: Record<string, string>;
}

export function isReadyMessage(m: unknown): m is ReadyMessage {
  return typeof m === 'object' && m !== null && typeof (m as ReadyMessage).ready === 'string' && typeof (m as ReadyMessage).urls === 'object' && (m as ReadyMessage).urls !== null;
}

/** Tells the parent, if it gave this process an IPC channel, where it listens. */
export function announceReady(urls: Record<string, string>): void {
  process.send?.({ ready: Object.keys(urls).join(','), urls } satisfies ReadyMessage);
}
