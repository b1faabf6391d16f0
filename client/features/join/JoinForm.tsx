import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { formatJoinCode } from '../../../shared/domain/joinCode.ts';
import { JoinSchema, type JoinLookup } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import i18n, { currentLanguage, setLanguage } from '../../i18n/index.ts';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText, translateFields } from '../../lib/errors.ts';
import { focusFirstInvalid, validate } from '../../lib/forms.ts';
import type { ParticipantRecord } from '../../lib/storage.ts';
import type { RoomState } from '../../../shared/domain/room.ts';
import { joinInfoUsed, pageJoinInfo } from './inlinedJoinInfo.ts';
import { langOf, say } from '../../lib/facilitatorText.ts';
import { ProfileFields, type Profile } from './ProfileFields.tsx';
import { pages } from '../../lib/routes.ts';
import { loadRoomClient } from '../../lib/useRoom.ts';

/** What the API would have said of a code no workshop has, when the page said it instead. */
const unknownCode: ProblemBody = { code: 'NOT_FOUND', message: 'No workshop has this code' };

/** How often a phone waiting for a workshop to open asks again. */
const WAITING_POLL_MS = 15_000;

type Props = {
  code: string;
  notice: string | null;
  /** `room`: the workshop as the join answered it, shown until the live connection's arrives. */
  onJoined: (record: ParticipantRecord, room: RoomState) => void;
};

export function JoinForm({ code, notice, onJoined }: Props) {
  const { t } = useTranslation();
  // In a join link's page, the server has already looked the code up (LIGHT8).
  const [inPage] = useState(() => pageJoinInfo(code));
  const [lookup, setLookup] = useState<JoinLookup | null>(inPage?.lookup ?? null);
  const [lookupProblem, setLookupProblem] = useState<ProblemBody | null>(
    inPage && !inPage.lookup ? unknownCode : null,
  );
  const [checking, setChecking] = useState(!inPage);
  const [person, setPerson] = useState({ displayName: '', groupKey: '' });
  // The language is the page's own: the header switcher and this form change the same setting.
  const profile: Profile = { ...person, language: currentLanguage() };
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const check = useCallback(async () => {
    setChecking(true);
    try {
      const found = await call(joinApi.lookup, { params: { code } });
      setLookup(found);
      setLookupProblem(null);
    } catch (err) {
      setLookupProblem(asProblem(err));
    } finally {
      setChecking(false);
    }
  }, [code]);

  useEffect(() => {
    if (inPage) joinInfoUsed();
    else void check();
  }, [inPage, check]);

  // The two optional steps after joining have their own strings: fetched while the person fills
  // in the form, so tapping Join shows the first step at once instead of waiting for them.
  useEffect(() => {
    void i18n.loadNamespaces('aboutYou');
  }, []);

  // Early arrivals wait on the "not open yet" screen; it turns into the form when the facilitator
  // opens the workshop, without anyone having to reload.
  const waiting = lookup?.status === 'draft';
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void check(), WAITING_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, check]);

  function changeProfile(next: Profile) {
    // Choosing a language switches the page at once: the rest of the form is then readable.
    if (next.language !== profile.language) setLanguage(next.language);
    setPerson({ displayName: next.displayName, groupKey: next.groupKey });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const body = {
      displayName: profile.displayName,
      groupKey: profile.groupKey,
      language: profile.language,
    };
    const checked = validate(JoinSchema, body);
    if (!checked.ok || !profile.groupKey) {
      const fields = checked.ok ? {} : translateFields(t, checked.issues);
      if (!profile.groupKey) fields.groupKey = t('join.chooseGroup');
      setErrors(fields);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    // The live connection's code travels beside the join (LIGHT11): the form did not wait for it,
    // and the workshop shows from the join's answer whether or not it has arrived (LIGHT10). If
    // it fails here, the room asks again once it needs it.
    loadRoomClient().catch(() => undefined);
    try {
      const joined = await call(joinApi.join, { params: { code }, body: checked.data });
      onJoined(
        {
          token: joined.token,
          participantId: joined.participantId,
          workshopId: joined.workshopId,
        },
        joined.room,
      );
    } catch (err) {
      const p = asProblem(err);
      setErrors(translateFields(t, p.issues));
      setProblem(p);
      setBusy(false);
      if (p.code === 'WORKSHOP_CLOSED' || p.code === 'WORKSHOP_NOT_OPEN') void check();
    }
  }

  const lookupMessage = lookupProblem
    ? problemText(t, lookupProblem, {
        NOT_FOUND: t('join.notFound'),
        RATE_LIMITED: t('join.tooMany', {
          count: Math.max(1, Math.ceil(lookupProblem.retryAfterSeconds ?? 60)),
        }),
      })
    : null;

  if (!lookup) {
    return (
      <Page
        title={lookupProblem?.code === 'NOT_FOUND' ? t('join.notFoundTitle') : t('join.title')}
        variant="narrow"
      >
        {lookupMessage ? (
          <>
            <ErrorMessage>{lookupMessage}</ErrorMessage>
            <div className="actions">
              {lookupProblem?.code === 'NOT_FOUND' ? (
                <Link to={pages.joinCode()} className="btn btn-primary">
                  {t('join.tryAnother')}
                </Link>
              ) : (
                <Button variant="primary" busy={checking} onClick={() => void check()}>
                  {t('common.tryAgain')}
                </Button>
              )}
            </div>
          </>
        ) : (
          <Loading />
        )}
      </Page>
    );
  }

  // The title in the reader's language where the facilitator gave one (LANG11).
  const reader = currentLanguage();
  const title = say(
    lookup.title,
    {
      language: lookup.language,
      translations: Object.fromEntries(
        Object.entries(lookup.titles).map(([language, text]) => [
          language,
          { [lookup.title]: text },
        ]),
      ),
    },
    reader,
  );

  if (lookup.status === 'closed') {
    return (
      <Page title={title.text} titleLang={langOf(title, reader)} titleWritten variant="narrow">
        <Notice>{t('join.closed')}</Notice>
      </Page>
    );
  }

  if (lookup.status === 'draft') {
    return (
      <Page title={title.text} titleLang={langOf(title, reader)} titleWritten variant="narrow">
        <Notice>{t('join.notOpen')}</Notice>
        <p className="muted" role="status">
          {checking ? t('join.checking') : t('join.willCheck')}
        </p>
        <Button busy={checking} onClick={() => void check()}>
          {t('join.checkNow')}
        </Button>
      </Page>
    );
  }

  return (
    <Page title={title.text} titleLang={langOf(title, reader)} titleWritten variant="narrow">
      <p className="lead">{t('join.intro')}</p>
      <p className="muted">
        {t('join.codeIs')}{' '}
        <span className="code-inline" dir="ltr">
          {formatJoinCode(code)}
        </span>
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form">
        {problem ? (
          <ErrorMessage>
            {problemText(t, problem, {
              WORKSHOP_CLOSED: t('join.closed'),
              WORKSHOP_NOT_OPEN: t('join.notOpen'),
              NOT_FOUND: t('join.notFound'),
              RATE_LIMITED: t('join.tooMany', {
                count: Math.max(1, Math.ceil(problem.retryAfterSeconds ?? 60)),
              }),
            })}
          </ErrorMessage>
        ) : null}
        <ProfileFields
          value={profile}
          onChange={changeProfile}
          groups={lookup.groups}
          errors={errors}
          idPrefix="join"
        />
        <p className="muted privacy">{t('join.privacy')}</p>
        <Button type="submit" variant="primary" size="large" busy={busy}>
          {t('join.submit')}
        </Button>
      </form>
    </Page>
  );
}
