import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { tableColours } from '../../shared/domain/cafe.ts';
import type { Workshop } from '../../shared/domain/workshop.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import {
  command,
  distribution,
  postJson,
  sleep,
  type ClientSocket,
  type Distribution,
} from '../lib.ts';
import type { Phone } from './phones.ts';

/*
 * The café's set-up, done as a facilitator and the phones would and not part of the figures: the
 * workshop, the café's tables and their hosts, and every phone opening the café page.
 */

/** A workshop whose one activity is the café: `tableCount` tables of `tableSize`, no changeover. */
export async function createCafe(
  agent: Agent,
  url: string,
  cookie: string,
  c: { tableCount: number; tableSize: number; rounds: number },
): Promise<{ workshop: Workshop; activityId: string }> {
  const created = await postJson(
    agent,
    `${url}/api/workshops`,
    {
      title: 'World Café bench',
      agenda: [
        {
          kind: 'world_cafe',
          title: 'What would make the neighbourhood better for young people?',
          settings: {
            tables: c.tableCount,
            rounds: c.rounds,
            roundMinutes: 5,
            // No changeover: one cafe:advance ends a round and starts the next one's talk.
            changeoverMinutes: 0,
            tableSize: c.tableSize,
            maxTableSize: c.tableSize,
            questions: [
              'What is good about living here?',
              'What gets in the way?',
              'What could we do together this year?',
            ],
          },
        },
      ],
    },
    cookie,
  );
  if (created.status !== 201) throw new Error(`create workshop: ${created.status} ${created.body}`);
  const workshop = JSON.parse(created.body) as Workshop;
  return { workshop, activityId: workshop.agenda[0]!.id };
}

export function facilitatorSocket(url: string, workshopId: string, cookie: string): ClientSocket {
  return io(url, {
    auth: { v: PROTOCOL_VERSION, role: 'facilitator', workshopId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
}

/** The room moves to the café, and every phone loads its view at once, as the café page does. */
export async function openCafe(
  facilitator: ClientSocket,
  ready: readonly Phone[],
  activityId: string,
  timeoutMs: number,
): Promise<Distribution> {
  const moved = await command(facilitator, 'activity:goto', { activityId });
  if (!moved.ok) throw new Error(`goto: ${moved.error.message}`);
  // The café page loads the participant's view when it opens: every phone at once.
  const gets = await Promise.all(
    ready.map(async (p) => {
      const at = performance.now();
      const view = await command(p.socket!, 'cafe:get', { activityId }, timeoutMs).catch(
        () => undefined,
      );
      return view?.ok ? performance.now() - at : undefined;
    }),
  );
  return distribution(gets.filter((g): g is number => g !== undefined));
}

/** The tables the café laid out at its creation, renamed and coloured as a facilitator would. */
export async function layTables(
  facilitator: ClientSocket,
  activityId: string,
  tableCount: number,
): Promise<{ tablesAckMs: number; tableIds: string[] }> {
  const initial = await command(facilitator, 'cafe:get', { activityId });
  if (!initial.ok) throw new Error(`cafe:get: ${initial.error.message}`);
  const tablesAt = performance.now();
  const laid = await command(facilitator, 'cafe:tables', {
    activityId,
    tables: Array.from({ length: tableCount }, (_, i) => {
      const colour = tableColours[i % tableColours.length]!;
      return {
        ...(initial.data.state.tables[i] ? { id: initial.data.state.tables[i].id } : {}),
        number: i + 1,
        name: `${colour[0]!.toUpperCase()}${colour.slice(1)} ${i + 1}`,
        colour,
      };
    }),
  });
  const tablesAckMs = performance.now() - tablesAt;
  if (!laid.ok) throw new Error(`cafe:tables: ${laid.error.message}`);
  const tableIds = laid.data.state.tables.map((t) => t.id);
  if (tableIds.length !== tableCount) {
    throw new Error(`cafe:tables left ${tableIds.length} tables, not ${tableCount}`);
  }
  return { tablesAckMs, tableIds };
}

/** The first ready phones host the tables, one each, in order. */
export async function pickHosts(
  facilitator: ClientSocket,
  activityId: string,
  tableIds: readonly string[],
  ready: readonly Phone[],
): Promise<{ hostAcks: number[]; hostsRateLimited: number }> {
  // One command per host: a socket's bucket (30 at once, 10 a second) makes 40 wait their turn.
  const hostAcks: number[] = [];
  let hostsRateLimited = 0;
  for (const [i, tableId] of tableIds.entries()) {
    const host = ready[i];
    if (!host) break;
    for (;;) {
      const at = performance.now();
      const done = await command(facilitator, 'cafe:host', {
        activityId,
        tableId,
        participantId: host.participantId,
      });
      if (!done.ok && done.error.code === 'RATE_LIMITED') {
        hostsRateLimited++;
        await sleep(1000 * (done.error.retryAfterSeconds ?? 1));
        continue;
      }
      hostAcks.push(performance.now() - at);
      if (!done.ok) throw new Error(`cafe:host: ${done.error.message}`);
      break;
    }
  }
  return { hostAcks, hostsRateLimited };
}
