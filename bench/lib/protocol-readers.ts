import http from 'node:http';
import WebSocket from 'ws';

/** What a reader hands on: each payload (`next`), a refusal or a broken stream. */
export interface PayloadSink {
  next: (payload: { data?: unknown }) => void;
  error: (e: unknown) => void;
}

/**
 * One graphql-sse subscription in distinct connections mode, read at the protocol level (the
 * event stream's `next` events, nothing else): thousands of them in one process cost the bench's
 * client little, so that a fan-out figure is the gateway's and not the client library's.
 * `answered`: the gateway answered (or the request failed).
 */
export function readSse(url: string, query: string, authorization: string, sink: PayloadSink, answered: () => void): () => void {
  const req = http.request(url, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization } }, (res) => {
    answered();
    if (res.statusCode !== 200) {
      sink.error(new Error(`HTTP ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    let buffered = '';
    res.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (!message.startsWith('event: next\n')) continue;
        const data = message.slice(message.indexOf('data:') + 5);
        sink.next(JSON.parse(data) as { data?: unknown });
      }
    });
    res.on('error', (e) => sink.error(e));
  });
  req.on('error', (e) => {
    answered();
    sink.error(e);
  });
  req.end(JSON.stringify({ query }));
  return () => req.destroy();
}

/** One graphql-ws (graphql-transport-ws) connection with one subscription, read at the protocol level; `connected` once acknowledged. */
export function readWs(url: string, query: string, authorization: string, sink: PayloadSink, connected: () => void): () => void {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
  socket.on('message', (raw: Buffer) => {
    const message = JSON.parse(String(raw)) as { type: string; payload?: unknown };
    if (message.type === 'connection_ack') {
      connected();
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    } else if (message.type === 'next') sink.next(message.payload as { data?: unknown });
    else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    else if (message.type === 'error') sink.error(message.payload);
  });
  socket.on('error', (e) => sink.error(e));
  socket.on('close', (code, reason) => code !== 1000 && code !== 1005 && sink.error(new Error(`closed ${code} ${String(reason)}`)));
  return () => socket.close(1000);
}
