import { expect } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { eventually } from './eventually.ts';

export type YjsAuth = { token: string } | { cookie: string } | { code: string };

/** A ws client class that sends the facilitator's cookie, as a browser tab would. */
function cookieSocket(cookie: string) {
  return class extends WsClient {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

export type YjsPeer = { doc: Y.Doc; provider: WebsocketProvider; close(): void };

/** y-websocket 3.1.0's own provider, as the browser runs it, synced before it resolves. */
export async function openYjsPeer(
  baseUrl: string,
  docName: string,
  auth: YjsAuth,
): Promise<YjsPeer> {
  const doc = new Y.Doc();
  const Socket = 'cookie' in auth ? cookieSocket(auth.cookie) : WsClient;
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/yjs', docName, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    params: 'token' in auth ? { token: auth.token } : 'code' in auth ? { code: auth.code } : {},
    // Node has BroadcastChannel: providers in one process would otherwise sync with each other
    // without the server, hiding what the server did or did not send.
    disableBc: true,
  });
  await eventually(() => expect(provider.synced).toBe(true));
  return {
    doc,
    provider,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
