import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * WebSocket upgrades by path prefix. Socket.IO answers its own path (/socket.io/); the Yjs
 * endpoint (/yjs/, added with the idea board) registers here; anything else is refused at once
 * rather than left hanging.
 */
export function routeUpgrades(server: Server, routes: Record<string, UpgradeHandler>) {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = req.url ?? '/';
    if (path.startsWith('/socket.io/')) return;
    const prefix = Object.keys(routes).find((p) => path.startsWith(p));
    if (prefix) return routes[prefix]!(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
}
