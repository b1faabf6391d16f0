import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../shared/domain/voting.ts';
import type { CreateWorkshopInput } from '../../shared/domain/workshop.ts';
import type { JoinResult } from '../../shared/protocol/rest.ts';
import type { VoteMeta } from '../../shared/protocol/voting.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';

type ErrAck = { ok: false; error: { code: string; message: string; reason?: unknown } };
const labels = ['Parks', 'Youth clubs', 'Street safety', 'Homes', 'Buses', 'Libraries'];

const votingWorkshop = (
  dot: Record<string, unknown> = {},
  congress: Record<string, unknown> = {},
): CreateWorkshopInput => ({
  title: 'Voting test',
  agenda: [
    { kind: 'idea_board', title: 'Ideas' },
    {
      kind: 'dot_vote',
      title: 'Priorities',
      settings: { options: labels, dotsPerPerson: 3, maxDotsPerOption: 2, ...dot },
    },
    {
      kind: 'congress_vote',
      title: 'Calls to action',
      settings: { method: 'ranking', rankTopK: 3, ...congress },
    },
  ],
});

describe.each(backends)('voting on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterAll(async () => {
    for (const c of cleanups) c();
    await t.close();
  });

  async function room(n: number, input = votingWorkshop(), which: 1 | 2 = 1) {
    const { workshop, code, fac } = await createOpenWorkshop(http, input);
    cleanups.push(() => fac.close());
    const vote = workshop.agenda[which]!;
    await fac.command('activity:goto', { activityId: vote.id });
    const phones = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const joined = await join(t.url, code, {
          groupKey: ['resident', 'officer', 'partner'][i % 3],
        });
        const socket = await connect(t.url, { role: 'participant', token: joined.body.token });
        cleanups.push(() => socket.close());
        return { socket, joined: joined.body };
      }),
    );
    const view = await fac.command('vote:get', { activityId: vote.id });
    if (!view.ok) throw new Error(view.error.message);
    const optionIds = Object.fromEntries(view.data.options.map((o) => [o.label, o.id]));
    return { workshop, code, fac, vote, phones, optionIds };
  }

  const dot = (c: ScriptedClient, activityId: string, optionId: string, opId = randomUUID()) =>
    c.command('dot:place', { opId, activityId, optionId });

  it('[VOTE1][VOTE4] dots are placed and taken back until close; the receipt comes from what the server stored', async () => {
    const { fac, vote, phones, optionIds } = await room(1);
    const phone = phones[0]!.socket;
    const early = (await phone.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Parks,
    })) as ErrAck;
    expect(early.error.message).toMatch(/not opened/);
    expect((await fac.command('vote:open', { activityId: vote.id, closesAt: null })).ok).toBe(true);
    const frozen = (await fac.raw('vote:setOptions', {
      activityId: vote.id,
      options: [{ label: 'A' }, { label: 'B' }],
    })) as ErrAck;
    expect(frozen.error.code).toBe('CONFLICT');

    const one = await dot(phone, vote.id, optionIds.Parks!);
    expect(one.ok && one.data).toMatchObject({
      remaining: 2,
      ballot: { kind: 'dot', dots: { [optionIds.Parks!]: 1 } },
    });
    await dot(phone, vote.id, optionIds.Parks!);
    const capped = (await phone.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Parks,
    })) as ErrAck;
    expect(capped.error.message).toMatch(/At most 2 dots on one option/);
    // [LANG1] the refusal says why as a code with its limit, for the client to translate.
    expect(capped.error.reason).toEqual({ code: 'DOTS_PER_OPTION_EXCEEDED', params: { max: 2 } });
    const third = await dot(phone, vote.id, optionIds.Homes!);
    expect(third.ok && third.data.remaining).toBe(0);
    const over = (await phone.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Buses,
    })) as ErrAck;
    expect(over.error.message).toMatch(/You have 3 dots/);
    expect(over.error.reason).toEqual({ code: 'VOTE_BUDGET_EXCEEDED', params: { budget: 3 } });
    const back = await phone.command('dot:remove', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Homes!,
    });
    expect(back.ok && back.data.remaining).toBe(1);
    const view = await phone.command('vote:get', { activityId: vote.id });
    expect(view.ok && view.data.myBallot).toEqual({ kind: 'dot', dots: { [optionIds.Parks!]: 2 } });

    expect((await fac.command('vote:close', { activityId: vote.id })).ok).toBe(true);
    const late = (await phone.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Buses,
    })) as ErrAck;
    expect(late.error.message).toMatch(/closed/);
  });

  it('[VOTE2] with no budget set, each person gets about a third of the options (at least 3)', async () => {
    const { fac, vote } = await room(
      0,
      votingWorkshop({ dotsPerPerson: null, maxDotsPerOption: 1 }),
    );
    const opened = await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    expect(opened.ok && opened.data.dotsPerPerson).toBe(3);
  });

  it('[VOTE7] a resent vote (same operation id) counts once; another device cannot replay it', async () => {
    const { fac, vote, phones, optionIds } = await room(2);
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const opId = randomUUID();
    const a = await dot(phones[0]!.socket, vote.id, optionIds.Parks!, opId);
    const b = await dot(phones[0]!.socket, vote.id, optionIds.Parks!, opId);
    expect(a.ok && b.ok && b.data.remaining).toBe(2);
    const replay = (await phones[1]!.socket.raw('dot:place', {
      opId,
      activityId: vote.id,
      optionId: optionIds.Parks,
    })) as ErrAck;
    expect(replay.error.code).toBe('CONFLICT');
    const results = await fac.command('vote:get', { activityId: vote.id });
    expect(results.ok && results.data.results?.rows.find((r) => r.label === 'Parks')?.score).toBe(
      1,
    );
  });

  it('[VOTE8] 50 dots sent in parallel never exceed the budget or the cap', async () => {
    const { fac, vote, phones, optionIds } = await room(1);
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const ids = Object.values(optionIds);
    const sends = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        phones[0]!.socket.raw('dot:place', {
          opId: randomUUID(),
          activityId: vote.id,
          optionId: ids[i % 2],
        }),
      ),
    );
    expect(sends.filter((r) => (r as { ok: boolean }).ok).length).toBeLessThanOrEqual(3);
    const view = await fac.command('vote:get', { activityId: vote.id });
    const total = view.ok ? view.data.results!.rows.reduce((s, r) => s + r.score, 0) : -1;
    expect(total).toBe(3);
    expect(view.ok && Math.max(...view.data.results!.rows.map((r) => r.score))).toBeLessThanOrEqual(
      2,
    );
  });

  it('[VOTE8] nobody can vote as someone else, a facilitator cannot cast ballots, and rejoining on the same device does not give a second vote', async () => {
    const { code, fac, vote, optionIds } = await room(0);
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const device = new HttpClient(t.url);
    const first = await device.post<JoinResult>(`/api/join/${code}`, {
      groupKey: 'resident',
      displayName: 'Sam',
    });
    expect(first.status).toBe(201);
    const phone = await connect(t.url, { role: 'participant', token: first.body.token });
    cleanups.push(() => phone.close());
    for (let i = 0; i < 3; i++) await dot(phone, vote.id, Object.values(optionIds)[i]!);
    const spoof = (await phone.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Parks,
      participantId: randomUUID(),
    })) as ErrAck;
    expect(spoof.error.code).toBe('BAD_REQUEST');
    const facVote = (await fac.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Parks,
    })) as ErrAck;
    expect(facVote.error.code).toBe('FORBIDDEN');

    // Same browser, new name, token lost: the same participant, with the same spent dots.
    const again = await device.post<JoinResult>(`/api/join/${code}`, {
      groupKey: 'officer',
      displayName: 'Not Sam',
    });
    expect(again.status).toBe(200);
    expect(again.body.participantId).toBe(first.body.participantId);
    const rejoined = await connect(t.url, { role: 'participant', token: again.body.token });
    cleanups.push(() => rejoined.close());
    const more = (await rejoined.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Libraries,
    })) as ErrAck;
    expect(more.error.message).toMatch(/You have 3 dots/);
    const view = await fac.command('vote:get', { activityId: vote.id });
    expect(view.ok && view.data.results!.voters).toBe(1);
  });

  it('[VOTE10] hidden results never reach a phone before the reveal, not even on the wire', async () => {
    const { fac, vote, phones, optionIds } = await room(2);
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    await dot(phones[0]!.socket, vote.id, optionIds.Parks!);
    await dot(phones[1]!.socket, vote.id, optionIds.Parks!);
    await eventually(() =>
      expect(fac.last<Results>('vote:tally')?.rows[0]).toMatchObject({ label: 'Parks', score: 2 }),
    );
    const peek = await phones[0]!.socket.command('vote:get', { activityId: vote.id });
    expect(peek.ok && peek.data.results).toBe(null);
    await phones[1]!.socket.command('room:sync', {});
    for (const p of phones)
      expect(p.socket.received.some((m) => m.event === 'vote:tally')).toBe(false);
    // They may learn how many have voted, never for what.
    await eventually(() =>
      expect(phones[0]!.socket.last('vote:progress')).toEqual({
        activityId: vote.id,
        voters: 2,
        version: expect.any(Number),
      }),
    );
    expect(JSON.stringify(phones[0]!.socket.received)).not.toContain(optionIds.Parks);

    expect((await fac.command('vote:reveal', { activityId: vote.id })).ok).toBe(true);
    for (const p of phones) {
      await eventually(() =>
        expect(p.socket.last<Results>('vote:tally')?.rows[0]).toMatchObject({
          label: 'Parks',
          score: 2,
        }),
      );
      await eventually(() => expect(p.socket.last<VoteMeta>('vote:changed')?.revealed).toBe(true));
    }
  });

  it('[VOTE5][VOTE9] results rank with ties and a breakdown by group, count paper, and arrive as a few coalesced snapshots', async () => {
    const { fac, vote, phones, optionIds } = await room(
      6,
      votingWorkshop({ hideTallyUntilReveal: false }),
    );
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const before = fac.received.filter((m) => m.event === 'vote:tally').length;
    await Promise.all(
      phones.map(async (p, i) => {
        await dot(p.socket, vote.id, optionIds.Parks!);
        await dot(p.socket, vote.id, i < 3 ? optionIds.Homes! : optionIds.Buses!);
      }),
    );
    const paper = await fac.command('vote:paper', {
      activityId: vote.id,
      optionId: optionIds.Buses!,
      groupKey: 'resident',
      count: 2,
    });
    expect(paper.ok).toBe(true);
    await eventually(() => {
      const tally = fac.last<Results>('vote:tally');
      expect(tally?.rows.map((r) => [r.label, r.score, r.rank, r.tied])).toEqual([
        ['Parks', 6, 1, false],
        ['Buses', 5, 2, false],
        ['Homes', 3, 3, false],
        [expect.any(String), 0, 4, false],
        [expect.any(String), 0, 4, false],
        [expect.any(String), 0, 4, false],
      ]);
    });
    const tally = fac.last<Results>('vote:tally')!;
    expect(tally.rows.find((r) => r.label === 'Buses')).toMatchObject({
      paper: 2,
      byGroup: {
        resident: { digital: 1, paper: 2 },
        officer: { digital: 1, paper: 0 },
        partner: { digital: 1, paper: 0 },
      },
    });
    expect(tally.rows.find((r) => r.label === 'Parks')?.byGroup).toEqual({
      resident: { digital: 2, paper: 0 },
      officer: { digital: 2, paper: 0 },
      partner: { digital: 2, paper: 0 },
    });
    expect(tally.votersByGroup).toEqual({ resident: 2, officer: 2, partner: 2 });
    // 13 counted changes, pushed as far fewer snapshots; the phones see the live result too.
    const pushes = fac.received.filter((m) => m.event === 'vote:tally').length - before;
    expect(pushes).toBeLessThan(13);
    await eventually(() =>
      expect(phones[0]!.socket.last<Results>('vote:tally')?.version).toBe(tally.version),
    );
  });

  it('[VOTE11] a congress ranked vote is counted by Borda over the top k', async () => {
    const { fac, vote, phones } = await room(3, votingWorkshop(), 2);
    const view = await fac.command('vote:get', { activityId: vote.id });
    const calls = view.ok ? view.data.options.map((o) => o.id) : [];
    expect(calls).toHaveLength(5);
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const rank = (c: ScriptedClient, order: string[]) =>
      c.command('ballot:cast', {
        opId: randomUUID(),
        activityId: vote.id,
        ballot: { kind: 'ranking', order },
      });
    expect((await rank(phones[0]!.socket, [calls[1]!, calls[0]!, calls[2]!])).ok).toBe(true);
    expect((await rank(phones[1]!.socket, [calls[1]!, calls[2]!])).ok).toBe(true);
    expect((await rank(phones[2]!.socket, [calls[0]!, calls[1]!, calls[4]!])).ok).toBe(true);
    const tooMany = (await phones[2]!.socket.raw('ballot:cast', {
      opId: randomUUID(),
      activityId: vote.id,
      ballot: { kind: 'ranking', order: calls.slice(0, 4) },
    })) as ErrAck;
    expect(tooMany.error.message).toMatch(/at most 3/);
    const wrongKind = (await phones[2]!.socket.raw('ballot:cast', {
      opId: randomUUID(),
      activityId: vote.id,
      ballot: { kind: 'single', choice: calls[0] },
    })) as ErrAck;
    expect(wrongKind.error.code).toBe('CONFLICT');
    await fac.command('vote:close', { activityId: vote.id });
    await fac.command('vote:reveal', { activityId: vote.id });
    const r = await phones[0]!.socket.command('vote:get', { activityId: vote.id });
    const rows = r.ok ? r.data.results!.rows : [];
    expect(rows.map((x) => [calls.indexOf(x.optionId), x.score])).toEqual([
      [1, 8],
      [0, 5],
      [2, 3],
      [4, 1],
      [3, 0],
    ]);
    expect(r.ok && r.data.results!.method).toMatch(/Borda count over each person's top 3/);
  });

  it('[VOTE16] someone who took back every dot, or supports nothing, has not voted: not on the projector, not in the count', async () => {
    const { fac, vote, phones, optionIds, code } = await room(3);
    const screen = await connect(t.url, { role: 'screen', code });
    cleanups.push(() => screen.close());
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const [a, b, c] = phones.map((p) => p.socket);
    await dot(a!, vote.id, optionIds.Parks!);
    await dot(b!, vote.id, optionIds.Homes!);
    await dot(c!, vote.id, optionIds.Buses!);
    await dot(c!, vote.id, optionIds.Buses!);
    // c takes both dots back; b takes theirs back and then places one elsewhere.
    for (let i = 0; i < 2; i++) {
      await c!.command('dot:remove', {
        opId: randomUUID(),
        activityId: vote.id,
        optionId: optionIds.Buses!,
      });
    }
    await b!.command('dot:remove', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Homes!,
    });
    await dot(b!, vote.id, optionIds.Libraries!);
    await eventually(() =>
      expect(screen.last<{ voters: number }>('vote:progress')?.voters).toBe(2),
    );
    const view = await fac.command('vote:get', { activityId: vote.id });
    expect(view.ok && view.data.results).toMatchObject({
      voters: 2,
      votersByGroup: { resident: 1, officer: 1 },
    });

    // An approval ballot supporting nothing is not a vote either.
    const approval = await room(2, votingWorkshop({}, { method: 'approval' }), 2);
    await approval.fac.command('vote:open', { activityId: approval.vote.id, closesAt: null });
    const [x, y] = approval.phones.map((p) => p.socket);
    const cast = (s: ScriptedClient, choices: string[]) =>
      s.command('ballot:cast', {
        opId: randomUUID(),
        activityId: approval.vote.id,
        ballot: { kind: 'approval', choices },
      });
    const first = Object.values(approval.optionIds)[0]!;
    expect((await cast(x!, [first])).ok).toBe(true);
    expect((await cast(y!, [first])).ok).toBe(true);
    expect((await cast(y!, [])).ok).toBe(true);
    const counted = await approval.fac.command('vote:get', { activityId: approval.vote.id });
    expect(counted.ok && counted.data.results).toMatchObject({
      voters: 1,
      votersByGroup: { resident: 1 },
    });
  });

  it('[VOTE17] paper ballots of any method are entered whole, checked by the vote’s rules and counted like phone ballots, as paper', async () => {
    const { fac, vote, phones } = await room(1, votingWorkshop(), 2);
    const view = await fac.command('vote:get', { activityId: vote.id });
    const calls = view.ok ? view.data.options.map((o) => o.id) : [];
    const paper = (ballot: unknown, groupKey = 'resident', id = randomUUID()) =>
      fac.raw('vote:paperBallot:add', { id, activityId: vote.id, groupKey, ballot }) as Promise<
        { ok: true; data: { results: Results; paperBallots: { id: string }[] } } | ErrAck
      >;
    const early = (await paper({ kind: 'ranking', order: [calls[0]] })) as ErrAck;
    expect(early.error.code).toBe('CONFLICT');
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    // One phone ballot and two paper ranking sheets: Borda over the top 3 for all of them.
    await phones[0]!.socket.command('ballot:cast', {
      opId: randomUUID(),
      activityId: vote.id,
      ballot: { kind: 'ranking', order: [calls[1]!, calls[0]!, calls[2]!] },
    });
    const sheet = randomUUID();
    const first = await paper({ kind: 'ranking', order: [calls[0]!, calls[1]!] }, 'officer', sheet);
    expect(first.ok).toBe(true);
    // A resend of the same sheet is stored once.
    expect(
      (await paper({ kind: 'ranking', order: [calls[0]!, calls[1]!] }, 'officer', sheet)).ok,
    ).toBe(true);
    const second = await paper({ kind: 'ranking', order: [calls[0]!, calls[4]!, calls[1]!] });
    if (!second.ok) throw new Error(second.error.message);
    const rows = new Map(second.data.results.rows.map((r) => [r.optionId, r]));
    // By hand: phone 3/2/1 to calls 1, 0, 2; sheets 3/2 to calls 0, 1 and 3/2/1 to calls 0, 4, 1.
    expect(rows.get(calls[0]!)).toMatchObject({ score: 2 + 3 + 3, paper: 6 });
    expect(rows.get(calls[1]!)).toMatchObject({ score: 3 + 2 + 1, paper: 3 });
    expect(rows.get(calls[0]!)!.byGroup).toEqual({
      resident: { digital: 2, paper: 3 },
      officer: { digital: 0, paper: 3 },
    });
    expect(rows.get(calls[0]!)!.firstChoices).toBe(2);
    expect(second.data.results).toMatchObject({ voters: 1, paperVoters: 2 });
    expect(second.data.paperBallots).toHaveLength(2);
    // The vote's own rules apply to paper as to phones.
    const tooMany = (await paper({ kind: 'ranking', order: calls.slice(0, 4) })) as ErrAck;
    expect(tooMany.error.message).toMatch(/at most 3/);
    const wrongKind = (await paper({ kind: 'points', points: { [calls[0]!]: 10 } })) as ErrAck;
    expect(wrongKind.error.code).toBe('CONFLICT');
    const phoneTries = (await phones[0]!.socket.raw('vote:paperBallot:add', {
      id: randomUUID(),
      activityId: vote.id,
      groupKey: 'resident',
      ballot: { kind: 'ranking', order: [calls[0]] },
    })) as ErrAck;
    expect(phoneTries.error.code).toBe('FORBIDDEN');
    // A sheet typed in by mistake is taken back.
    const removed = await fac.command('vote:paperBallot:remove', {
      id: sheet,
      activityId: vote.id,
    });
    if (!removed.ok) throw new Error(removed.error.message);
    expect(removed.data.results.paperVoters).toBe(1);
    expect(removed.data.results.rows.find((r) => r.optionId === calls[0])!.paper).toBe(3);

    // A points vote: a paper split over the budget is refused; a fair one counts as paper.
    const points = await room(0, votingWorkshop({}, { method: 'points', pointsTotal: 10 }), 2);
    await points.fac.command('vote:open', { activityId: points.vote.id, closesAt: null });
    const ids = Object.values(points.optionIds);
    const over = (await points.fac.raw('vote:paperBallot:add', {
      id: randomUUID(),
      activityId: points.vote.id,
      groupKey: 'partner',
      ballot: { kind: 'points', points: { [ids[0]!]: 8, [ids[1]!]: 5 } },
    })) as ErrAck;
    expect(over.error.message).toMatch(/You have 10 points/);
    const fair = await points.fac.command('vote:paperBallot:add', {
      id: randomUUID(),
      activityId: points.vote.id,
      groupKey: 'partner',
      ballot: { kind: 'points', points: { [ids[0]!]: 7, [ids[1]!]: 3 } },
    });
    expect(fair.ok && fair.data.results.rows[0]).toMatchObject({ score: 7, paper: 7 });
  });

  it('[VOTE12] after the vote, people post commitments against a call; facilitators can hide one with a reason', async () => {
    const { fac, vote, phones } = await room(2, votingWorkshop(), 2);
    const view = await fac.command('vote:get', { activityId: vote.id });
    const call = view.ok ? view.data.options[0]!.id : '';
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const tooSoon = (await phones[0]!.socket.raw('commitment:add', {
      id: randomUUID(),
      activityId: vote.id,
      optionId: call,
      text: 'x',
      who: 'y',
    })) as ErrAck;
    expect(tooSoon.error.message).toMatch(/closed/);
    await fac.command('vote:close', { activityId: vote.id });
    const c = await phones[0]!.socket.command('commitment:add', {
      id: randomUUID(),
      activityId: vote.id,
      optionId: call,
      text: 'We will run a monthly anti-racism forum',
      who: 'Tenants Association',
      byWhen: 'March 2027',
    });
    expect(c.ok && c.data).toMatchObject({ mine: true, status: 'visible' });
    const bad = await phones[1]!.socket.command('commitment:add', {
      id: randomUUID(),
      activityId: vote.id,
      optionId: call,
      text: 'spam spam',
      who: 'x',
    });
    await eventually(() =>
      expect(phones[0]!.socket.received.some((m) => m.event === 'commitments:changed')).toBe(true),
    );
    const hidden = await fac.command('commitment:hide', {
      id: bad.ok ? bad.data.id : '',
      reason: 'Not a commitment',
    });
    expect(hidden.ok && hidden.data.status).toBe('hidden');
    const seen = await phones[0]!.socket.command('vote:get', { activityId: vote.id });
    expect(seen.ok && seen.data.commitments.map((x) => x.who)).toEqual(['Tenants Association']);
    const own = await phones[1]!.socket.command('vote:get', { activityId: vote.id });
    expect(own.ok && own.data.commitments.find((x) => x.mine)).toMatchObject({
      status: 'hidden',
      hiddenReason: 'Not a commitment',
    });
    const forbidden = (await phones[0]!.socket.raw('commitment:hide', {
      id: bad.ok ? bad.data.id : '',
      reason: 'x',
    })) as ErrAck;
    expect(forbidden.error.code).toBe('FORBIDDEN');
  });

  it('[VOTE13][VOTE14] late joiners and own notes follow the vote’s settings', async () => {
    const input = votingWorkshop({ lateJoinersMayVote: false, allowOwnNote: false, options: [] });
    const { workshop, code, fac, vote, phones } = await room(1, input);
    const board = workshop.agenda[0]!;
    await fac.command('activity:goto', { activityId: board.id });
    const note = await phones[0]!.socket.command('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'Skate park',
    });
    await fac.command('note:add', {
      id: randomUUID(),
      activityId: board.id,
      text: 'Outdoor gym',
      assistedGroupKey: 'resident',
    });
    const proposed = await fac.command('vote:optionsFromBoard', {
      activityId: vote.id,
      boardActivityId: board.id,
      from: 'notes',
    });
    expect(proposed.ok && proposed.data.options.map((o) => o.label).sort()).toEqual([
      'Outdoor gym',
      'Skate park',
    ]);
    expect(
      (
        await fac.command('vote:setOptions', {
          activityId: vote.id,
          options: proposed.ok ? proposed.data.options : [],
        })
      ).ok,
    ).toBe(true);
    await fac.command('activity:goto', { activityId: vote.id });
    await fac.command('vote:open', { activityId: vote.id, closesAt: null });
    const view = await phones[0]!.socket.command('vote:get', { activityId: vote.id });
    const own = view.ok ? view.data.ownOptionIds : [];
    expect(own).toHaveLength(1);
    const ownId = own[0]!;
    const other = view.ok ? view.data.options.find((o) => o.id !== ownId)!.id : '';
    expect(note.ok).toBe(true);
    const onOwn = (await phones[0]!.socket.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: ownId,
    })) as ErrAck;
    expect(onOwn.error.code).toBe('FORBIDDEN');
    expect((await dot(phones[0]!.socket, vote.id, other)).ok).toBe(true);

    const late = await join(t.url, code, { groupKey: 'resident' });
    const latePhone = await connect(t.url, { role: 'participant', token: late.body.token });
    cleanups.push(() => latePhone.close());
    const lateView = await latePhone.command('vote:get', { activityId: vote.id });
    expect(lateView.ok && lateView.data.mayVote).toBe(false);
    const refused = (await latePhone.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: other,
    })) as ErrAck;
    expect(refused.error.message).toMatch(/here when it opened/);
  });

  it('[VOTE15] a vote with a closing time closes by itself and tells the room', async () => {
    const { fac, vote, phones, optionIds } = await room(1);
    const closesAt = new Date(Date.now() + 1200).toISOString();
    const opened = await fac.command('vote:open', { activityId: vote.id, closesAt });
    expect(opened.ok && opened.data.closesAt).toBe(closesAt);
    expect((await dot(phones[0]!.socket, vote.id, optionIds.Parks!)).ok).toBe(true);
    await eventually(
      () => expect(phones[0]!.socket.last<VoteMeta>('vote:changed')?.status).toBe('closed'),
      { timeoutMs: 5000 },
    );
    const after = (await phones[0]!.socket.raw('dot:place', {
      opId: randomUUID(),
      activityId: vote.id,
      optionId: optionIds.Homes,
    })) as ErrAck;
    expect(after.error.message).toMatch(/closed/);
  });
});
