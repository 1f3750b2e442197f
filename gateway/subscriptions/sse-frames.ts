import type { ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { KEEP_ALIVE_MS } from './keep-alive';

/** graphql-sse's keep-alive comment. */
const COMMENT = Buffer.from(':\n\n');
export const COMPLETE_FRAME = Buffer.from('event: complete\ndata:\n\n');

/** Frames by payload object: the members of a payload group are handed one object per event, so they share one serialisation and one buffer. */
const frames = new WeakMap<ExecutionResult, Buffer>();

/** The `next` event of a distinct-connection graphql-sse stream (`event: next`, the result as JSON), made once per payload object. */
export function nextFrame(result: ExecutionResult): Buffer {
  let frame = frames.get(result);
  if (!frame) frames.set(result, (frame = Buffer.from(`event: next\ndata: ${JSON.stringify(result)}\n\n`)));
  return frame;
}

/**
 * Every open event stream's keep-alive comment from one timer, instead of one interval per
 * connection: ten thousand streams cost one timer, walked in slices that yield to the event loop.
 */
export class KeepAlive {
  private readonly open = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly everyMs = KEEP_ALIVE_MS) {}

  /** Sends the first comment (some browsers wait for a first byte) and keeps the stream alive until `remove`. */
  add(res: ServerResponse): void {
    res.write(COMMENT);
    this.open.add(res);
    if (!this.timer) {
      this.timer = setInterval(() => void this.ping(), this.everyMs);
      this.timer.unref();
    }
  }

  remove(res: ServerResponse): void {
    this.open.delete(res);
    if (this.open.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async ping(): Promise<void> {
    let n = 0;
    for (const res of [...this.open]) {
      if (res.writable && !res.writableNeedDrain) res.write(COMMENT);
      if (++n % 500 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
