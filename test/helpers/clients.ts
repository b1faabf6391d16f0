import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/protocol/ack.ts';
import type { Workshop } from '../../shared/domain/workshop.ts';
import type { CreateWorkshopInput } from '../../shared/domain/workshop.ts';
import type { JoinResult } from '../../shared/protocol/rest.ts';
import {
  type ClientToServerEvents,
  type CommandName,
  type CommandRequest,
  type CommandResult,
  type ConnectRefusal,
  type ServerToClientEvents,
} from '../../shared/protocol/socket.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';

export type HttpResult<T = unknown> = { status: number; body: T; headers: Headers };

/** A REST client that keeps cookies like a browser tab would. */
export class HttpClient {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (an SVG, a page): keep the text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = unknown>(path: string) => this.request<T>('GET', path);
  post = <T = unknown>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = unknown>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T = unknown>(path: string, body: unknown) => this.request<T>('PUT', path, body);
}

export const facilitatorAccount = {
  email: 'amina@example.org',
  password: 'a long enough password',
  name: 'Amina Begum',
};

/** The first facilitator, signed in. */
export async function setUpFacilitator(baseUrl: string, extra: Record<string, string> = {}) {
  const http = new HttpClient(baseUrl);
  const res = await http.post('/api/setup', { ...facilitatorAccount, ...extra });
  if (res.status !== 201)
    throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return http;
}

export const sampleWorkshop: CreateWorkshopInput = {
  title: 'Shaping the Youth Strategy',
  purpose: 'Decide the three priorities for the youth strategy. The budget is fixed.',
  startsAt: '2026-12-01T18:30',
  agenda: [
    { kind: 'idea_board', title: 'What should young people have?', prompt: 'One idea per note' },
    { kind: 'dot_vote', title: 'Pick your priorities' },
    { kind: 'congress_vote', title: 'Calls to action' },
  ],
};

export async function createOpenWorkshop(
  http: HttpClient,
  input: CreateWorkshopInput = sampleWorkshop,
) {
  const created = await http.post<Workshop>('/api/workshops', input);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const fac = await connect(
    http.baseUrl,
    { role: 'facilitator', workshopId: created.body.id },
    http.cookie,
  );
  const opened = await fac.command('workshop:open', {});
  if (!opened.ok) throw new Error(`open failed: ${opened.error.message}`);
  return { workshop: created.body, code: opened.data.workshop.joinCode!, fac };
}

export async function join(
  baseUrl: string,
  code: string,
  body: Record<string, unknown> = { groupKey: 'resident' },
) {
  const http = new HttpClient(baseUrl);
  return http.post<JoinResult>(`/api/join/${code}`, body);
}

type AuthFields =
  | { role: 'facilitator'; workshopId: string }
  | { role: 'participant'; token: string }
  | { role: 'screen'; code: string };

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A scripted client: records what the server pushes and sends typed commands. */
export class ScriptedClient {
  readonly received: { event: string; payload: unknown }[] = [];
  constructor(readonly socket: ClientSocket) {
    socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload }));
  }

  command<K extends CommandName>(
    name: K,
    payload: CommandRequest<K>,
  ): Promise<Ack<CommandResult<K>>> {
    const timed = this.socket.timeout(5000) as unknown as {
      emitWithAck(n: string, p: unknown): Promise<Ack<CommandResult<K>>>;
    };
    return timed.emitWithAck(name, payload);
  }

  /** Sends anything at all, as a modified client could. */
  raw(event: string, ...args: unknown[]): Promise<unknown> {
    const s = this.socket as unknown as Socket;
    return s.timeout(5000).emitWithAck(event, ...args);
  }

  last<T = unknown>(event: string): T | undefined {
    for (let i = this.received.length - 1; i >= 0; i--) {
      if (this.received[i]!.event === event) return this.received[i]!.payload as T;
    }
    return undefined;
  }

  close() {
    this.socket.disconnect();
  }
}

export function connect(
  baseUrl: string,
  auth: AuthFields,
  cookie?: string,
  opts: { v?: number } = {},
): Promise<ScriptedClient> {
  const socket: ClientSocket = io(baseUrl, {
    auth: { v: opts.v ?? PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  const client = new ScriptedClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err: Error & { data?: ConnectRefusal }) => {
      socket.close();
      reject(Object.assign(new Error(err.message), { data: err.data }));
    });
  });
}

export async function refusalOf(promise: Promise<unknown>): Promise<ConnectRefusal | undefined> {
  try {
    const client = await promise;
    (client as ScriptedClient).close();
    return undefined;
  } catch (err) {
    return (err as { data?: ConnectRefusal }).data;
  }
}

/** A command's result, or the test fails with the server's own message. */
export function ok<T>(ack: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}
