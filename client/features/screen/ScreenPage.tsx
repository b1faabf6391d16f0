import { urlOf } from '../../../shared/http/route.ts';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { formatJoinCode, isJoinCode, normalizeJoinCode } from '../../../shared/domain/joinCode.ts';
import { ConnectionStatus, OutdatedPage, refusalText } from '../../components/ConnectionStatus.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Page } from '../../components/Page.tsx';
import { useRoom } from '../../lib/useRoom.ts';
import './screen.css';
import { ScreenBoard } from '../board/ScreenBoard.tsx';
import { ScreenCafe } from '../cafe/ScreenCafe.tsx';
import { ScreenVote } from '../voting/ScreenVote.tsx';
import { usePublicAddress, withoutScheme } from '../../lib/publicAddress.ts';
import { FullscreenButton } from './FullscreenButton.tsx';
import { JoinCorner } from './JoinCorner.tsx';
import { JoinLanguages } from './JoinLanguages.tsx';
import { pages } from '../../lib/routes.ts';

/**
 * The projector: readable from the back of a hall, nothing to click, nothing that scrolls. It
 * joins the room by code, so it can be opened on any computer connected to the projector.
 */
export function ScreenPage({ code: rawCode }: { code: string }) {
  const { t } = useTranslation();
  const publicAddress = usePublicAddress();
  const code = normalizeJoinCode(rawCode);
  const valid = isJoinCode(code);
  const auth = useMemo(() => (valid ? { role: 'screen' as const, code } : null), [valid, code]);
  const room = useRoom(auth);
  const [voteFinal, setVoteFinal] = useState<string | null>(null);
  const { state, presence, refusal, connection } = room;

  useEffect(() => {
    document.documentElement.classList.add('is-screen');
    return () => document.documentElement.classList.remove('is-screen');
  }, []);

  if (!valid || refusal) {
    return (
      <Page title={t('screen.title')} variant="screen" brandLink={null} languageSwitcher={false}>
        {refusal?.code === 'PROTOCOL_MISMATCH' ? (
          <OutdatedPage />
        ) : (
          <ErrorMessage>{refusal ? refusalText(t, refusal) : t('join.notFound')}</ErrorMessage>
        )}
      </Page>
    );
  }

  const joinUrl = `${publicAddress.url}${pages.join(code)}`;
  const shownUrl = `${withoutScheme(publicAddress.url)}${pages.join(code)}`;
  const agenda = state ? [...state.agenda].sort((a, b) => a.position - b.position) : [];
  const index = agenda.findIndex((a) => a.id === state?.currentActivityId);
  const activity = index === -1 ? null : agenda[index];
  const status = state?.workshop.status;
  const online = presence?.online ?? 0;
  const final = voteFinal !== null && voteFinal === activity?.id;
  const joinShown = status !== 'closed' && (state?.screen.joinShown ?? true);
  // A vote's final result takes the whole screen; the join code then moves to a corner.
  const corner = (className?: string) =>
    joinShown ? (
      <JoinCorner code={code} url={joinUrl} shownUrl={shownUrl} className={className} />
    ) : null;
  // The bottom line of every screen: the join corner where it belongs, and who is here.
  const footer = (join: ReactNode) => (
    <div className="screen-footer">
      {join}
      <p className="screen-count" data-testid="people-count" aria-live="polite" aria-atomic="true">
        {t('screen.peopleHere', { count: online })}
      </p>
    </div>
  );
  const page = (title: string, children: ReactNode) => (
    <Page
      title={title}
      variant="screen"
      brandLink={null}
      languageSwitcher={false}
      nav={<FullscreenButton />}
    >
      {children}
    </Page>
  );

  if (
    (activity?.kind === 'idea_board' || activity?.kind === 'world_cafe') &&
    status === 'open' &&
    state
  ) {
    // The board and the café need the whole screen; joining shrinks to a line at the bottom.
    const step = `${t('participant.step', { n: index + 1, total: agenda.length })} · ${t(`kinds.${activity.kind}`)}`;
    return page(
      state.workshop.title,
      <>
        <ConnectionStatus connection={connection} />
        {activity.kind === 'world_cafe' ? (
          <ScreenCafe key={activity.id} room={room} activity={activity} step={step} />
        ) : (
          <ScreenBoard code={code} activity={activity} groups={state.workshop.groups} step={step} />
        )}
        {footer(corner())}
      </>,
    );
  }

  return page(
    state?.workshop.title ?? t('screen.title'),
    <>
      <div className="screen-layout">
        <section className="screen-activity" aria-labelledby="screen-activity-heading">
          <ConnectionStatus connection={connection} />
          {status === 'closed' ? (
            <>
              <LiveRegion message={t('participant.closed')} />
              <h2 id="screen-activity-heading" className="screen-activity-title">
                {t('participant.closed')}
              </h2>
              <p className="screen-prompt">{t('participant.thanks')}</p>
            </>
          ) : activity ? (
            <>
              <LiveRegion message={t('screen.nowAnnounce', { title: activity.title })} />
              <p className="screen-step">
                {t('participant.step', { n: index + 1, total: agenda.length })}
                <span aria-hidden="true"> · </span>
                {t(`kinds.${activity.kind}`)}
              </p>
              <h2
                id="screen-activity-heading"
                className="screen-activity-title"
                data-testid="current-activity"
                dir="auto"
              >
                {activity.title}
              </h2>
              {activity.prompt ? (
                <p className="screen-prompt" dir="auto">
                  {activity.prompt}
                </p>
              ) : null}
              {activity.kind === 'dot_vote' || activity.kind === 'congress_vote' ? (
                <ScreenVote
                  key={activity.id}
                  room={room}
                  activityId={activity.id}
                  groups={state?.workshop.groups ?? []}
                  onFinal={(isFinal) => setVoteFinal(isFinal ? activity.id : null)}
                />
              ) : null}
            </>
          ) : (
            <>
              <h2 id="screen-activity-heading" className="screen-activity-title">
                {t('screen.welcome')}
              </h2>
              {state?.workshop.purpose ? (
                <p className="screen-prompt" dir="auto">
                  {state.workshop.purpose}
                </p>
              ) : null}
            </>
          )}
        </section>

        {joinShown && !final ? (
          <aside className="screen-join" aria-labelledby="screen-join-heading">
            <h2 id="screen-join-heading" className="screen-join-heading">
              {t('screen.joinHeading')}
            </h2>
            <JoinLanguages presence={presence} />
            <img
              className="screen-qr"
              src={urlOf(joinApi.qr, { code })}
              alt={t('console.qrAlt', { code: formatJoinCode(code) })}
            />
            <p className="screen-label">{t('screen.goTo')}</p>
            <p className="screen-url" dir="ltr">
              <a href={joinUrl}>{shownUrl}</a>
            </p>
            <p className="screen-label" id="screen-code-label">
              {t('screen.codeLabel')}
            </p>
            <p
              className="screen-code"
              data-testid="join-code"
              aria-describedby="screen-code-label"
              dir="ltr"
            >
              {formatJoinCode(code)}
            </p>
          </aside>
        ) : null}
      </div>
      {footer(final ? corner() : null)}
    </>,
  );
}
