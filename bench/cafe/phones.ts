import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { tableclothDocName } from '../../shared/domain/cafe.ts';
import type { JoinResult } from '../../shared/protocol/rest.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { pool, postJson, reason, withTimeout, type ClientSocket } from '../lib.ts';
import { count } from './measure.ts';
import { openPeer, type NoteWatch, type Peer } from './notes.ts';

export type Seat = { round: number; tableId: string; isHost: boolean; at: number };

export type Phone = {
  index: number;
  groupKey: string;
  participantId: string;
  token: string;
  socket: ClientSocket | undefined;
  seats: Map<number, Seat>;
  /** This round's tablecloth; the last round's stays open until the new one is opened. */
  peer: Peer | undefined;
  peerRound: number;
  /** When each cafe:changed arrived. */
  changes: number[];
  openedAt: number;
  syncedAt: number;
  openFailure: string | undefined;
};

/**
 * The room's phones on Roundtable: each a Socket.IO connection, the seats it was sent and its
 * table's tablecloth. Held together so that the run's clean-up reaches every phone that got as far
 * as joining, and so that a tablecloth closing while lines are written is counted as a drop.
 */
export class Phones {
  /** By person index; a phone whose join failed is left without a socket. */
  readonly all: Phone[] = [];
  /** Set while a round's lines are being written. */
  writing = false;
  /** Tablecloth connections that closed while `writing`. */
  drops = 0;

  constructor(
    private readonly wsUrl: string,
    private readonly watch: NoteWatch,
    private readonly timeoutMs: number,
  ) {}

  /** Joins `people` phones with the code, `concurrency` at once; those that made it are ready. */
  async join(
    agent: Agent,
    url: string,
    code: string,
    people: number,
    concurrency: number,
  ): Promise<{ ready: Phone[]; joinFailures: Record<string, number> }> {
    const phones = this.all;
    const joins = await pool(people, concurrency, async (i) => {
      const deadline = performance.now() + this.timeoutMs;
      const left = () => Math.max(1, deadline - performance.now());
      const groupKey = i % 4 === 3 ? 'officer' : 'resident';
      const res = await postJson(agent, `${url}/api/join/${code}`, { groupKey }, '', left());
      if (res.status !== 201) throw new Error(`POST ${res.status}`);
      const { token, participantId } = JSON.parse(res.body) as JoinResult;
      const socket: ClientSocket = io(url, {
        auth: { v: PROTOCOL_VERSION, role: 'participant', token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: left(),
      });
      const phone: Phone = {
        index: i,
        groupKey,
        participantId,
        token,
        socket,
        seats: new Map(),
        peer: undefined,
        peerRound: 0,
        changes: [],
        openedAt: 0,
        syncedAt: 0,
        openFailure: undefined,
      };
      phones[i] = phone;
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('room:state', () => resolve());
          socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message}`)));
          socket.once('disconnect', (why) => reject(new Error(`disconnect ${why}`)));
        }),
        left(),
      );
      return phone;
    });
    const joinFailures: Record<string, number> = {};
    joins.forEach((j, i) => {
      if (j.status === 'fulfilled') return;
      count(joinFailures, `join: ${reason(j.reason)}`);
      phones[i]?.socket?.disconnect();
      if (phones[i]) phones[i].socket = undefined;
    });
    const ready = phones.filter((p): p is Phone => p?.socket !== undefined);
    return { ready, joinFailures };
  }

  /** Each ready phone notes when the café's state and its seats arrive. */
  listen(ready: readonly Phone[], activityId: string) {
    for (const phone of ready) {
      phone.socket!.on('cafe:changed', (state) => {
        if (state.activityId === activityId) phone.changes.push(performance.now());
      });
      phone.socket!.on('cafe:seat', (seat) => {
        if (seat.activityId !== activityId || phone.seats.has(seat.round)) return;
        phone.seats.set(seat.round, { ...seat, at: performance.now() });
      });
    }
  }

  /**
   * The phone leaves last round's tablecloth and opens its new table's. Done for every phone once
   * the seats are in, not inside the seat handler: 200 providers built in this one process
   * would otherwise hold up the reading of the later seats and of the facilitator's ack.
   */
  openTablecloth(phone: Phone, round: number) {
    const seat = phone.seats.get(round)!;
    phone.peer?.close();
    phone.peerRound = round;
    phone.syncedAt = 0;
    phone.openFailure = undefined;
    phone.openedAt = performance.now();
    const { peer, synced } = openPeer(
      this.wsUrl,
      tableclothDocName(seat.tableId, round),
      { token: phone.token },
      `Person ${phone.index + 1}`,
      this.timeoutMs,
    );
    phone.peer = peer;
    this.watch.watch(phone.index, peer.text);
    peer.provider.on('status', ({ status }) => {
      if (status === 'disconnected' && this.writing && phone.peer === peer) this.drops++;
    });
    synced.then(
      () => phone.peer === peer && (phone.syncedAt = performance.now()),
      (err: unknown) => phone.peer === peer && (phone.openFailure = reason(err)),
    );
  }

  /** Every phone that joined, or began to, hangs up. */
  close() {
    for (const p of this.all) {
      p?.peer?.close();
      p?.socket?.disconnect();
    }
  }
}
