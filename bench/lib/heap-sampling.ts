import WebSocket from 'ws';
import { areaOf, locationOf, type CallFrame } from './cpu-profile-summary';

/**
 * A sampling heap profile of another Node process, taken over its inspector (`--inspect`) while
 * `during` runs: V8 samples one allocation every `samplingIntervalBytes` on average and, asked to,
 * keeps the samples of objects collected since, so the profile says where garbage is made, not
 * only what is still alive.
 */

export interface HeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}

interface Reply {
  id?: number;
  result?: { profile?: { head: HeapProfileNode } };
  error?: { message: string };
}

/** The first inspector target of the process listening for the inspector on `port`. */
async function inspectorSocket(port: number): Promise<WebSocket> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!targets[0]) throw new Error(`no inspector target on 127.0.0.1:${port}`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

export async function sampleAllocations<T>(inspectPort: number, during: () => Promise<T>, samplingIntervalBytes = 16_384): Promise<{ result: T; head: HeapProfileNode }> {
  const socket = await inspectorSocket(inspectPort);
  let next = 0;
  const waiting = new Map<number, (reply: Reply) => void>();
  socket.on('message', (data: Buffer) => {
    const reply = JSON.parse(data.toString('utf8')) as Reply;
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
  });
  const call = (method: string, params: Record<string, unknown> = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.startSampling', { samplingInterval: samplingIntervalBytes, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    const result = await during();
    const stopped = await call('HeapProfiler.stopSampling');
    const head = stopped.result?.profile?.head;
    if (!head) throw new Error('HeapProfiler.stopSampling answered no profile');
    return { result, head };
  } finally {
    socket.close();
  }
}

export interface Allocated {
  functionName: string;
  location: string;
  area: string;
  bytes: number;
}

/** Bytes sampled per function (self, not counting callees), the largest first; `ours` is our build's dist/ folder. */
export function allocationsByFunction(head: HeapProfileNode, ours: string): { total: number; functions: Allocated[] } {
  const byKey = new Map<string, Allocated>();
  let total = 0;
  const walk = (node: HeapProfileNode): void => {
    if (node.selfSize > 0) {
      const location = locationOf(node.callFrame, ours);
      const functionName = node.callFrame.functionName || '(anonymous)';
      const key = `${functionName}\n${location}`;
      const known = byKey.get(key) ?? { functionName, location, area: areaOf(node.callFrame, ours), bytes: 0 };
      known.bytes += node.selfSize;
      byKey.set(key, known);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(head);
  return { total, functions: [...byKey.values()].sort((a, b) => b.bytes - a.bytes) };
}
