import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ReasonSchema, type Reason } from '../../shared/protocol/reasons.ts';
import { languages } from '../../shared/domain/languages.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { FieldIssuesSchema } from '../../shared/protocol/fieldIssues.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  facilitatorAccount,
  join,
  refusalOf,
  setUpFacilitator,
} from '../helpers/clients.ts';
import { ConnectRefusalSchema, type ConnectRefusal } from '../../shared/protocol/socket.ts';
import { refusalText } from '../../client/components/ConnectionStatus.tsx';

const catalogues = await Promise.all(
  languages.map(
    async (l) =>
      [
        l.code,
        JSON.parse(
          await readFile(
            new URL(`../../client/i18n/reasons.${l.code}.json`, import.meta.url),
            'utf8',
          ),
        ) as { reasons: Record<string, string> },
      ] as const,
  ),
);

const phoneCatalogues = await Promise.all(
  languages.map(
    async (l) =>
      [
        l.code,
        JSON.parse(
          await readFile(new URL(`../../client/i18n/${l.code}.json`, import.meta.url), 'utf8'),
        ) as Record<string, unknown>,
      ] as const,
  ),
);

/** A dotted key's string in a catalogue, if it has one. */
function lookUp(tree: Record<string, unknown>, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined,
      tree,
    );
}

type Refused = { error: { code: string; message: string; reason?: unknown } };

/** The reason a refusal carries, checked against the shared schema. */
function reasonOf(body: unknown): Reason {
  const reason = ReasonSchema.parse((body as Refused).error.reason);
  // Said in every language's catalogue, so the reader never meets the server's English (LANG1).
  for (const [lang, catalogue] of catalogues) {
    const keys = Object.keys(catalogue.reasons).map((k) =>
      k.replace(/_(zero|one|two|few|many|other)$/, ''),
    );
    expect(keys, lang).toContain(reason.code);
  }
  return reason;
}

describe('refusals on the wire', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('[LANG1] refusals a person can meet carry a reason code that every catalogue translates', async () => {
    t = await startApp('pglite');
    await setUpFacilitator(t.url);
    const stranger = new HttpClient(t.url);

    const wrong = await stranger.post<Refused>('/api/auth/login', {
      email: facilitatorAccount.email,
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(reasonOf(wrong.body)).toEqual({ code: 'WRONG_EMAIL_OR_PASSWORD', params: {} });
    expect(wrong.body.error.message).toBe('Email or password is wrong');

    const noCode = await join(t.url, 'ZZZZZZ');
    expect(noCode.status).toBe(404);
    expect(reasonOf(noCode.body)).toEqual({ code: 'JOIN_CODE_UNKNOWN', params: {} });

    const nowhere = await stranger.get<Refused>('/api/no-such-thing');
    expect(nowhere.status).toBe(404);
    expect(reasonOf(nowhere.body)).toEqual({ code: 'NO_SUCH_ENDPOINT', params: {} });

    const signedOut = await stranger.get<Refused>('/api/auth/me');
    expect(signedOut.status).toBe(401);
    expect(reasonOf(signedOut.body)).toEqual({ code: 'SIGN_IN', params: {} });
  });

  it('[LANG3] a refused form names each field with a code and its limit, REST and socket alike', async () => {
    t = await startApp('pglite');
    const http = await setUpFacilitator(t.url);

    const bad = await http.post<{ error: { code: string; issues?: unknown } }>('/api/workshops', {
      title: 'x'.repeat(500),
      startsAt: '2026-13-45T18:30',
      agenda: [
        { kind: 'dot_vote', title: 'Pick', settings: { dotsPerPerson: 2, maxDotsPerOption: 3 } },
      ],
    });
    expect(bad.status).toBe(400);
    const issues = FieldIssuesSchema.parse(bad.body.error.issues);
    expect(issues.title).toEqual({ code: 'maxChars', limit: 120 });
    expect(issues.startsAt).toEqual({ code: 'realDate' });
    expect(issues['agenda.0.settings.maxDotsPerOption']).toEqual({ code: 'dotsPerOption' });

    const { fac, code } = await createOpenWorkshop(http);
    const joined = await join(t.url, code, { groupKey: 'resident', displayName: 'y'.repeat(80) });
    expect(joined.status).toBe(400);
    expect(
      FieldIssuesSchema.parse(
        (joined.body as unknown as { error: { issues: unknown } }).error.issues,
      ),
    ).toMatchObject({
      displayName: { code: 'maxChars' },
    });

    const ok = await join(t.url, code);
    const phone = await connect(t.url, { role: 'participant', token: ok.body.token });
    const note = async (text: string) => {
      const ack = (await phone.raw('note:add', {
        id: randomUUID(),
        activityId: randomUUID(),
        text,
      })) as {
        ok: boolean;
        error?: { issues?: unknown };
      };
      expect(ack.ok).toBe(false);
      return FieldIssuesSchema.parse(ack.error?.issues);
    };
    expect(await note('z'.repeat(300))).toEqual({ text: { code: 'maxChars', limit: 280 } });
    expect(await note('   ')).toEqual({ text: { code: 'writeNote' } });
    phone.close();
    fac.close();
  });

  it('[LANG1] a refused connection carries a code that every catalogue says, whoever is refused', async () => {
    t = await startApp('pglite', { JOIN_GUESS_LIMIT: '2' });
    await setUpFacilitator(t.url);
    const url = t.url;
    /** The refusal, checked against the shared schema, and the sentence each language shows. */
    const refused = async (
      attempt: Promise<unknown>,
    ): Promise<{ code: ConnectRefusal['code']; says: string[] }> => {
      const refusal = ConnectRefusalSchema.parse(await refusalOf(attempt));
      const key = refusalText((k) => k, refusal);
      const says = phoneCatalogues.map(([lang, tree]) => {
        const text = lookUp(tree, key);
        expect(typeof text, `${lang} ${key}`).toBe('string');
        return text as string;
      });
      return { code: refusal.code, says };
    };

    // An old page: told to reload (the page shows its own "out of date" screen for this code).
    expect(
      (await refused(connect(url, { role: 'screen', code: 'ABCDEF' }, undefined, { v: 0 }))).code,
    ).toBe('PROTOCOL_MISMATCH');
    // A handshake that is not one, a console without a session, a phone the server has
    // forgotten, a projector with a wrong code, and then one guessing too often.
    const malformed = await refused(
      connect(url, { role: 'nobody' } as unknown as Parameters<typeof connect>[1]),
    );
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(
      (await refused(connect(url, { role: 'facilitator', workshopId: randomUUID() }))).code,
    ).toBe('UNAUTHENTICATED');
    expect((await refused(connect(url, { role: 'participant', token: 'x'.repeat(43) }))).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await refused(connect(url, { role: 'screen', code: 'ZZZZZZ' }))).code).toBe(
      'NOT_FOUND',
    );
    await refusalOf(connect(url, { role: 'screen', code: 'ZZZZZY' }));
    const limited = await refused(connect(url, { role: 'screen', code: 'ZZZZZX' }));
    expect(limited.code).toBe('RATE_LIMITED');
    // Each language says it in its own words, not the server's English.
    for (const says of [malformed.says, limited.says]) {
      expect(new Set(says).size).toBe(languages.length);
    }
  });
});
