import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Workshop } from '../../shared/domain/workshop.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  facilitatorAccount,
  join,
  sampleWorkshop,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import type { FuzzTarget } from './harness.ts';
import type { EdgeLimits, Roundtable } from '../../server/app.ts';
import { defaultBudgets } from '../../server/transport/socket/deviceLimits.ts';

/**
 * The fuzzed server's edge limits. Command budgets well above the defaults (SEC15 is tested in
 * edge.test.ts), so that most in-process commands are parsed, authorized and run rather than
 * refused for rate; bursts still meet them. Ten times the bad messages before a socket is cut
 * off (SEC10, tested in edge.test.ts): half of what the fuzzer sends is bad, and at the
 * default each socket would be reconnected over the network every hundred messages or so.
 */
export const fuzzLimits: EdgeLimits = {
  commandBudgets: {
    ...defaultBudgets,
    devicePerSecond: 200,
    deviceBurst: 400,
    facilitatorPerSecond: 400,
    facilitatorBurst: 1000,
    workshopPerSecond: 2000,
    workshopBurst: 4000,
  },
  badMessages: { limit: 500, windowMs: 10_000 },
};

/**
 * What the fuzzer aims at: a workshop with every kind of activity and phones joined, a record,
 * and a facilitator session of its own. A second workshop holds the "normal participant" whose
 * command latency is watched during the run; the fuzzer knows nothing of it.
 */
export async function prepareTarget(url: string, app: Roundtable) {
  const http = await setUpFacilitator(url);
  const { workshop, code, fac } = await createOpenWorkshop(http, {
    ...sampleWorkshop,
    agenda: [
      ...(sampleWorkshop.agenda ?? []),
      { kind: 'idea_board', title: 'More ideas', prompt: 'Anything' },
    ],
  });
  fac.close();
  const tokens = await Promise.all(
    Array.from(
      { length: 8 },
      async (_, i) =>
        (await join(url, code, { groupKey: 'resident', displayName: `P${i}` })).body.token,
    ),
  );
  const record = await http.post<{ id: string }>('/api/records', {
    title: 'Fuzzed record',
    service: 'Parks',
    tags: [],
    area: 'Bow East',
    level: 'consult',
    canInfluence: '',
    cannotInfluence: '',
    startsOn: '2027-01-10',
    workshopIds: [workshop.id],
  });
  // Sessions of their own: the fuzzer may well sign one out.
  const signIn = async () => {
    const client = new HttpClient(url);
    await client.post('/api/auth/login', {
      email: facilitatorAccount.email,
      password: facilitatorAccount.password,
    });
    return client.cookie;
  };

  const watched = await createOpenWorkshop(http, { ...sampleWorkshop, title: 'Watched' });
  watched.fac.close();
  const normal = await connect(url, {
    role: 'participant',
    token: (await join(url, watched.code)).body.token,
  });

  const target: FuzzTarget = {
    url,
    expressApp: app.expressApp,
    cookie: await signIn(),
    inProcessCookie: await signIn(),
    workshopIds: [workshop.id],
    recordIds: [record.body.id],
    joinCodes: [code],
    participantTokens: tokens,
    boardActivityIds: (workshop as Workshop).agenda
      .filter((a) => a.kind === 'idea_board')
      .map((a) => a.id),
  };
  return { target, normal };
}

/** Times a normal participant's `room:sync`, five a second (well within a phone's budget). */
export function watchLatency(normal: ScriptedClient) {
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const start = performance.now();
      const ack = await normal.command('room:sync', {}).catch(() => ({ ok: false }));
      samples.push({ at: Date.now(), ms: performance.now() - start, ok: ack.ok });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The heap after a full collection, so that garbage not yet collected is not counted. */
export function settledHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
