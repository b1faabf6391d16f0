import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomState, Workshop } from '../../shared/domain/workshop.ts';
import type { FieldIssue } from '../../shared/protocol/fieldIssues.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  HttpClient,
  setUpFacilitator,
} from '../helpers/clients.ts';
import type { JoinLookup } from '../../shared/protocol/rest.ts';
import { eventually } from '../helpers/eventually.ts';

type Refusal = {
  error: { code: string; reason?: { code: string }; issues?: Record<string, FieldIssue> };
};

describe('facilitator text in several languages', () => {
  let t: TestApp;
  let http: HttpClient;

  beforeAll(async () => {
    t = await startApp('pglite');
    http = await setUpFacilitator(t.url);
  });
  afterAll(() => t.close());

  it('[LANG11] a workshop keeps its language and phrasebook, and the room sees them live', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http, {
      title: 'Parks',
      agenda: [
        { kind: 'dot_vote', title: 'Priorities', settings: { options: ['Swings', 'Benches'] } },
      ],
    });
    expect(workshop.language).toBe('en');
    expect(workshop.translations).toEqual({});
    const phone = await connect(t.url, {
      role: 'participant',
      token: (await join(t.url, code)).body.token,
    });
    await eventually(() => expect(phone.last<RoomState>('room:state')).toBeDefined());
    const before = phone.last<RoomState>('room:state')!.rev;

    const translations = {
      bn: { Parks: 'পার্ক', Swings: 'দোলনা' },
      pl: { Parks: ' Parki ' },
    };
    const res = await http.patch<Workshop>(`/api/workshops/${workshop.id}`, { translations });
    expect(res.status).toBe(200);
    expect(res.body.translations).toEqual({ bn: translations.bn, pl: { Parks: 'Parki' } });
    expect(res.body.rev).toBeGreaterThan(workshop.rev);
    await eventually(() => {
      const state = phone.last<RoomState>('room:state')!;
      expect(state.rev).toBeGreaterThan(before);
      expect(state.workshop.language).toBe('en');
      expect(state.workshop.translations).toEqual(res.body.translations);
    });
    // Read back as a phone that comes later would.
    const synced = await phone.command('room:sync', {});
    expect(synced.ok && synced.data.workshop.translations.bn).toEqual(translations.bn);

    // A phone still to join is given the title in each language it has (LANG11).
    const lookup = await new HttpClient(t.url).get<JoinLookup>(`/api/join/${code}`);
    expect(lookup.body).toMatchObject({
      title: 'Parks',
      language: 'en',
      titles: { bn: 'পার্ক', pl: 'Parki' },
    });

    // Written in Polish from now on: the translations into Polish go, nobody would see them.
    const polish = await http.patch<Workshop>(`/api/workshops/${workshop.id}`, { language: 'pl' });
    expect(polish.body.language).toBe('pl');
    expect(polish.body.translations).toEqual({ bn: translations.bn });
    expect((await http.get<Workshop>(`/api/workshops/${workshop.id}`)).body).toMatchObject({
      language: 'pl',
      translations: { bn: translations.bn },
    });
    phone.close();
    fac.close();
  });

  it('[LANG11][LANG3] refusals name the field and carry a code', async () => {
    const { workshop, fac } = await createOpenWorkshop(http, { title: 'Refusals', agenda: [] });
    const patch = (body: unknown) => http.patch<Refusal>(`/api/workshops/${workshop.id}`, body);

    const many = Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`Text ${i}`, 'x']));
    const tooMany = await patch({ translations: { pl: many } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.reason?.code).toBe('FIELDS_NEED_ATTENTION');
    expect(tooMany.body.error.issues).toEqual({
      'translations.pl': { code: 'maxItems', limit: 400 },
    });

    // Into the workshop's own language: checked against the stored language when sent alone.
    const own = await patch({ translations: { en: { Refusals: 'Refusals' } } });
    expect(own.status).toBe(400);
    expect(own.body.error.reason?.code).toBe('FIELDS_NEED_ATTENTION');
    expect(own.body.error.issues).toEqual({ 'translations.en': { code: 'ownLanguage' } });
    const ownTogether = await patch({ language: 'bn', translations: { bn: { Refusals: 'x' } } });
    expect(ownTogether.body.error.issues).toEqual({ 'translations.bn': { code: 'ownLanguage' } });

    const empty = await patch({ translations: { bn: { Refusals: '   ' } } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues).toEqual({ 'translations.bn.Refusals': { code: 'required' } });

    const language = await patch({ language: 'fr' });
    expect(language.status).toBe(400);
    expect(language.body.error.issues?.language?.code).toBe('invalid');

    // Nothing refused was stored.
    const stored = await http.get<Workshop>(`/api/workshops/${workshop.id}`);
    expect(stored.body).toMatchObject({ language: 'en', translations: {} });
    fac.close();
  });

  it('[LANG11] the editor is given the options added while the workshop runs, to translate them too', async () => {
    const { workshop, fac } = await createOpenWorkshop(http, {
      title: 'Parks',
      agenda: [
        { kind: 'idea_board', title: 'Ideas' },
        { kind: 'dot_vote', title: 'Priorities', settings: { options: ['Swings', 'Benches'] } },
      ],
    });
    const vote = workshop.agenda[1]!;
    const empty = await http.get<{ liveTexts: string[] }>(`/api/workshops/${workshop.id}`);
    expect(empty.body.liveTexts).toEqual([]);
    // The console replaces the typed options while preparing the vote, as from a board's themes.
    const set = await fac.command('vote:setOptions', {
      activityId: vote.id,
      options: [
        { label: 'Swings' },
        { label: 'A bigger playground' },
        { label: 'Lights at night' },
      ],
    });
    expect(set.ok).toBe(true);
    const loaded = await http.get<{ liveTexts: string[] }>(`/api/workshops/${workshop.id}`);
    expect(loaded.body.liveTexts).toEqual(['Swings', 'A bigger playground', 'Lights at night']);
    fac.close();
  });
});
