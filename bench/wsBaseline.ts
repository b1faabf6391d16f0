import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * The congress bench's baseline: a bare broadcaster, run as a child process
 * (`node --import tsx bench/wsBaseline.ts`). A plain `http` + `ws` server on 127.0.0.1 and a free
 * port: no Socket.IO, no database, no authentication, nothing counted. Clients connect; once the
 * bench sends a schedule on standard input, the server sends every snapshot of it to every open
 * client at its moment, one text frame of the given size each, built once and written to all.
 *
 * Protocol, one JSON object per line:
 * - stdout, once listening: `{"port":N}`.
 * - stdin, to start: `{"snapshots":[{"atMs":0,"bytes":1800},...]}`; atMs from the start.
 * - stdout, after the last snapshot: `{"done":true,"sent":S,"clients":C}`.
 * Each frame is `{"seq":i,"sentAt":EPOCH_MS,"pad":"xx..."}`, padded to `bytes`; sentAt is
 * performance.timeOrigin + performance.now() just before the first client's write.
 *
 * Stops on SIGTERM or SIGINT, when its standard input closes (the bench that started it has
 * gone), or after `--max-seconds` (default 900) whatever happens, so it can never outlive a run.
 */
const { values } = parseArgs({ options: { 'max-seconds': { type: 'string', default: '900' } } });
const maxSeconds = Number(values['max-seconds']);
if (!(maxSeconds > 0)) throw new Error('--max-seconds must be a positive number');

type Snapshot = { atMs: number; bytes: number };

const http = createServer((_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('ws baseline\n');
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
// Clients only listen; anything they send is read and dropped.
wss.on('connection', (ws) => ws.on('message', () => undefined));

const timers: NodeJS.Timeout[] = [];
let started = false;

function frame(seq: number, bytes: number): Buffer {
  const sentAt = performance.timeOrigin + performance.now();
  const bare = JSON.stringify({ seq, sentAt, pad: '' });
  return Buffer.from(
    JSON.stringify({ seq, sentAt, pad: 'x'.repeat(Math.max(0, bytes - bare.length)) }),
  );
}

function run(snapshots: Snapshot[]) {
  if (started) return;
  started = true;
  const t0 = performance.now();
  let sent = 0;
  snapshots.forEach((s, seq) => {
    timers.push(
      setTimeout(
        () => {
          const data = frame(seq, s.bytes);
          for (const ws of wss.clients) {
            if (ws.readyState === WebSocket.OPEN) ws.send(data, { binary: false });
          }
          if (++sent === snapshots.length) {
            process.stdout.write(
              `${JSON.stringify({ done: true, sent, clients: wss.clients.size })}\n`,
            );
          }
        },
        Math.max(0, t0 + s.atMs - performance.now()),
      ),
    );
  });
  if (snapshots.length === 0) {
    process.stdout.write(`${JSON.stringify({ done: true, sent: 0, clients: wss.clients.size })}\n`);
  }
}

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const t of timers) clearTimeout(t);
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  http.close(() => process.exit(code));
  // Open sockets must not hold the exit up.
  setTimeout(() => process.exit(code), 2000).unref();
}

process.once('SIGTERM', () => stop(0));
process.once('SIGINT', () => stop(0));
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  try {
    const parsed = JSON.parse(line) as { snapshots?: Snapshot[] };
    if (Array.isArray(parsed.snapshots)) run(parsed.snapshots);
  } catch (err) {
    console.error(`ws baseline: unreadable line: ${String(err)}`);
  }
});
input.on('close', () => stop(0));
process.stdin.on('error', () => stop(0));
setTimeout(() => {
  console.error(`ws baseline: stopping after its limit of ${maxSeconds} s`);
  stop(1);
}, maxSeconds * 1000).unref();

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
