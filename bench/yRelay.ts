import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

/**
 * The board bench's baseline: a plain y-websocket relay, run as a child process
 * (`node --import tsx bench/yRelay.ts`). A bare `http` + `ws` server on 127.0.0.1 and a free port,
 * `@y/websocket-server`'s setupWSConnection for every connection: no authentication, no
 * persistence, no read-only peers; each update is applied in memory and sent to every peer of
 * the document. What Roundtable's Yjs endpoint does on top of this is the cost being measured.
 *
 * Prints `{"port":N}` on one line once it listens. Stops on SIGTERM or SIGINT, when its standard
 * input closes (the bench that started it has gone), or after `--max-seconds` (default 900)
 * whatever happens, so it can never outlive a run.
 */
const { values } = parseArgs({ options: { 'max-seconds': { type: 'string', default: '900' } } });
const maxSeconds = Number(values['max-seconds']);
if (!(maxSeconds > 0)) throw new Error('--max-seconds must be a positive number');

const http = createServer((_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('y-websocket relay\n');
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws, req) => setupWSConnection(ws, req));

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  http.close(() => process.exit(code));
  // Open sockets must not hold the exit up.
  setTimeout(() => process.exit(code), 2000).unref();
}

process.once('SIGTERM', () => stop(0));
process.once('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.stdin.resume();
setTimeout(() => {
  console.error(`y-websocket relay: stopping after its limit of ${maxSeconds} s`);
  stop(1);
}, maxSeconds * 1000).unref();

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
