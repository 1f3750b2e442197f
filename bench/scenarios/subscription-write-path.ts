import { fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import WebSocket, { WebSocketServer } from 'ws';
import { percentile } from '../lib/stats';

/**
 * What one event costs per subscriber on the gateway's write path, with the reading on the other
 * side of loopback sockets in a process of its own: each variant writes one ~600-byte `next` to
 * every open stream in one walk (and the flush the next tick makes of corked writes), timed by the
 * clock and by the process's CPU, rounds
 * of the variants alternating. SSE: through the ServerResponse (the gateway's path since session
 * 11) against the socket directly. WebSocket: `send` of a string serialised per socket (what
 * graphql-ws does), `send` of one shared Buffer, and one frame built once with ws's Sender.frame
 * written to each socket. Run: `node subscription-write-path.js [sse] [ws] [rounds]`.
 */

/** ws's frame builder (exported at run time, not in its types). */
interface WsSender {
  frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[];
}

interface Variant {
  name: string;
  walk: () => void;
}

const payload = { data: { warningChanges: { id: '1764770000000-0', kind: 'CHANGED', at: '2026-12-03T12:00:00Z', warning: { id: 'SH:W-0001', province: 'SH', level: 'BLUE', headline: '上海市气象台发布大风蓝色预警', areas: [{ adcode: '310115', name: '浦东新区' }] } } }, extensions: { eventId: '1764770000000-0' } };
const message = { id: '1', type: 'next', payload };

/** Opens the streams in batches of 200 (each batch answered before the next, within the listen backlog) and reads them, discarding. */
async function reader(port: number, sse: number, ws: number): Promise<void> {
  const openSse = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('GET /sse HTTP/1.1\r\nHost: bench\r\n\r\n'));
      s.once('data', () => resolve());
      s.on('data', () => undefined);
      s.once('error', reject);
    });
  const openWs = () =>
    new Promise<void>((resolve, reject) => {
      const c = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      c.once('open', () => resolve());
      c.on('message', () => undefined);
      c.once('error', reject);
    });
  for (const [n, open] of [[sse, openSse], [ws, openWs]] as const) for (let i = 0; i < n; i += 200) await Promise.all(Array.from({ length: Math.min(200, n - i) }, open));
  process.send?.('ready');
}

async function server(sse: number, ws: number, rounds: number): Promise<void> {
  const responses: http.ServerResponse[] = [];
  const httpServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
    res.write(':\n\n');
    responses.push(res);
  });
  const wss = new WebSocketServer({ server: httpServer });
  const sockets: WebSocket[] = [];
  wss.on('connection', (s) => sockets.push(s));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as net.AddressInfo).port;
  const child = fork(__filename, ['reader', String(port), String(sse), String(ws)]);
  await new Promise((resolve) => child.once('message', resolve));
  const sseFrame = Buffer.from(`event: next\ndata: ${JSON.stringify(payload)}\n\n`);
  const wsData = Buffer.from(JSON.stringify(message));
  const wsFrame = (WebSocket as unknown as { Sender: WsSender }).Sender.frame(wsData, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true });
  const wsFrameBytes = Buffer.concat(wsFrame);
  const rawOf = (s: WebSocket): net.Socket => (s as unknown as { _socket: net.Socket })._socket;
  const variants: Variant[] = [
    ...(sse > 0
      ? [
          { name: 'SSE: ServerResponse.write of the shared frame (current)', walk: () => responses.forEach((r) => r.write(sseFrame)) },
          { name: 'SSE: socket.write of the shared frame', walk: () => responses.forEach((r) => r.socket?.write(sseFrame)) },
        ]
      : []),
    ...(ws > 0
      ? [
          { name: 'WS: send(JSON.stringify(message)) per socket (graphql-ws)', walk: () => sockets.forEach((s) => s.send(JSON.stringify(message))) },
          { name: 'WS: send of one shared Buffer', walk: () => sockets.forEach((s) => s.send(wsData, { binary: false })) },
          { name: 'WS: Sender.frame once, socket.write of it per socket', walk: () => sockets.forEach((s) => rawOf(s).write(wsFrameBytes)) },
        ]
      : []),
  ];
  const samples = new Map<string, { wall: number[]; cpu: number[]; n: number }>(variants.map((v) => [v.name, { wall: [], cpu: [], n: v.name.startsWith('SSE') ? responses.length : sockets.length }]));
  const load: number[] = [os.loadavg()[0]];
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      v.walk();
      // ServerResponse.write corks the socket until the next tick: its writes are flushed there, and counted.
      await new Promise((resolve) => setImmediate(resolve));
      const wall = Number(process.hrtime.bigint() - t0) / 1e3;
      const cpu = process.cpuUsage(cpu0);
      const s = samples.get(v.name) as { wall: number[]; cpu: number[]; n: number };
      s.wall.push(wall / s.n);
      s.cpu.push((cpu.user + cpu.system) / s.n);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  load.push(os.loadavg()[0]);
  console.log(`| variant | streams | µs per subscriber, wall p50 | wall p90 | CPU p50 | CPU p90 |\n| --- | --- | --- | --- | --- | --- |`);
  for (const [name, s] of samples) console.log(`| ${name} | ${s.n} | ${percentile(s.wall, 50).toFixed(2)} | ${percentile(s.wall, 90).toFixed(2)} | ${percentile(s.cpu, 50).toFixed(2)} | ${percentile(s.cpu, 90).toFixed(2)} |`);
  console.log(`\n${rounds} rounds of each, alternating; load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${os.cpus().length} cores; Node ${process.version}.`);
  child.kill();
  for (const s of sockets) s.terminate();
  for (const r of responses) r.destroy();
  httpServer.close();
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'reader') void reader(Number(rest[0]), Number(rest[1]), Number(rest[2]));
else void server(Number(mode ?? 4000), Number(rest[0] ?? 2000), Number(rest[1] ?? 20));
