import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { KeepAlive, nextFrame } from '../../../gateway/subscriptions/sse-frames';

/** A response that records what is written to it. */
function recording(): { res: ServerResponse; written: string[] } {
  const written: string[] = [];
  const res = Object.assign(new EventEmitter(), { writable: true, writableNeedDrain: false, write: (chunk: Buffer) => written.push(String(chunk)) > 0 });
  return { res: res as unknown as ServerResponse, written };
}

describe('SSE frames', () => {
  it('serialises a payload once into a graphql-sse next event, shared by every member handed the same object, and again for another object', () => {
    const payload = { data: { warningChanges: { id: '1-0' } }, errors: [new GraphQLError('no', { path: ['warningChanges', 'warning'], extensions: { code: 'FORBIDDEN' } })], extensions: { eventId: '1-0' } };
    const frame = nextFrame(payload);
    expect(nextFrame(payload)).toBe(frame);
    expect(String(frame)).toBe(`event: next\ndata: ${JSON.stringify(payload)}\n\n`);
    expect(JSON.parse(String(frame).slice('event: next\ndata: '.length))).toEqual({
      data: { warningChanges: { id: '1-0' } },
      errors: [{ message: 'no', path: ['warningChanges', 'warning'], extensions: { code: 'FORBIDDEN' } }],
      extensions: { eventId: '1-0' },
    });
    const other = { ...payload };
    expect(nextFrame(other)).not.toBe(frame);
    expect(String(nextFrame(other))).toBe(String(frame));
  });

  it('keeps every open stream alive from one timer, and none once removed', async () => {
    jest.useFakeTimers();
    try {
      const keepAlive = new KeepAlive(1000);
      const a = recording();
      const b = recording();
      keepAlive.add(a.res);
      keepAlive.add(b.res);
      expect([a.written, b.written]).toEqual([[':\n\n'], [':\n\n']]);
      await jest.advanceTimersByTimeAsync(1000);
      expect([a.written.length, b.written.length]).toEqual([2, 2]);
      keepAlive.remove(a.res);
      await jest.advanceTimersByTimeAsync(1000);
      expect([a.written.length, b.written.length]).toEqual([2, 3]);
      keepAlive.remove(b.res);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
