import { urlOf } from '../../../shared/http/route.ts';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { formatJoinCode } from '../../../shared/domain/joinCode.ts';
import type { ActivityKind } from '../../../shared/domain/activity.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ConnectionStatus, OutdatedPage, refusalText } from '../../components/ConnectionStatus.tsx';
import { DatabaseStatus, LinkStatus } from '../../components/OutageNotice.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { useRoom, type Room } from '../../lib/useRoom.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { useSession } from '../auth/session.tsx';
import { BoardPanel } from '../board/FacilitatorBoard.tsx';
import { ConsoleCafe } from '../cafe/ConsoleCafe.tsx';
import { ConsoleVoting } from '../voting/ConsoleVoting.tsx';
import { WorkshopRecordLink } from '../records/WorkshopRecordLink.tsx';
import { StatusBadge } from '../workshops/StatusBadge.tsx';
import { NowBar } from './NowBar.tsx';
import { RunRail } from './RunRail.tsx';
import { useRunKeys } from './useRunKeys.ts';
import { useRunSheet, type RunSheet } from './useRunSheet.ts';
import './console.css';
import './run.css';
import { PeoplePanel } from './PeoplePanel.tsx';
import type { PublicAddress } from '../../../shared/protocol/rest.ts';
import { usePublicAddress, withoutScheme } from '../../lib/publicAddress.ts';
import { pages } from '../../lib/routes.ts';

/**
 * The facilitator's console as a run-of-show (HALL2): the agenda, who is here and how to join in a
 * rail; the current step's live controls at the top of the stage, with the next step one click
 * (or one key) away; the other activities' settings below, out of the way.
 */
export function ConsolePage({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const auth = useMemo(() => ({ role: 'facilitator' as const, workshopId }), [workshopId]);
  const room = useRoom(auth);
  const { state, refusal } = room;
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [busy, setBusy] = useState<'open' | 'close' | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);

  // A refused session means the cookie expired or was signed out elsewhere: re-check, which
  // sends this tab to the sign-in page and back here afterwards.
  useEffect(() => {
    if (refusal?.code === 'UNAUTHENTICATED') void refresh();
  }, [refusal, refresh]);

  async function setOpen(open: boolean) {
    setBusy(open ? 'open' : 'close');
    setProblem(null);
    const result = await room.send(open ? 'workshop:open' : 'workshop:close', {});
    if (!result.ok) setProblem(result.error);
    setBusy(null);
  }

  const title = state?.workshop.title ?? t('console.title');

  if (refusal) {
    return (
      <FacilitatorPage title={t('console.title')}>
        {refusal.code === 'PROTOCOL_MISMATCH' ? (
          <OutdatedPage />
        ) : (
          <ErrorMessage>{refusalText(t, refusal)}</ErrorMessage>
        )}
        <p>
          <Link to={pages.workshops()}>{t('nav.backToWorkshops')}</Link>
        </p>
      </FacilitatorPage>
    );
  }

  return (
    <FacilitatorPage title={title} documentTitle={t('console.tabTitle', { title })} variant="wide">
      <ConnectionStatus connection={room.connection} />
      <DatabaseStatus database={room.database} />
      <LinkStatus link={room.link} />
      {!state ? (
        <Loading />
      ) : (
        <>
          <div className="console-status">
            <p>
              {t('console.status')} <StatusBadge status={state.workshop.status} />
            </p>
            <Link to={pages.editWorkshop(workshopId)} className="btn btn-secondary">
              {t('console.edit')}
            </Link>
          </div>
          <LiveRegion message={t(`console.statusNow.${state.workshop.status}`)} />
          {problem ? <ErrorMessage>{problemText(t, problem)}</ErrorMessage> : null}

          <RunOfShow
            state={state}
            room={room}
            workshopId={workshopId}
            busy={busy}
            onOpen={() => void setOpen(true)}
            onClose={() => setConfirmClose(true)}
            onProblem={setProblem}
          />

          <ConfirmDialog
            open={confirmClose}
            title={t('console.closeConfirmTitle')}
            confirmLabel={t('console.closeConfirm')}
            danger
            onConfirm={() => {
              setConfirmClose(false);
              void setOpen(false);
            }}
            onCancel={() => setConfirmClose(false)}
          >
            <p>{t('console.closeConfirmText')}</p>
          </ConfirmDialog>
        </>
      )}
    </FacilitatorPage>
  );
}

type Panel = 'board' | 'vote' | 'cafe';
const panelOf = (kind: ActivityKind | undefined): Panel | null =>
  kind === 'idea_board'
    ? 'board'
    : kind === 'dot_vote' || kind === 'congress_vote'
      ? 'vote'
      : kind === 'world_cafe'
        ? 'cafe'
        : null;

function RunOfShow(props: {
  state: RoomState;
  room: Room;
  workshopId: string;
  busy: 'open' | 'close' | null;
  onOpen: () => void;
  onClose: () => void;
  onProblem: (problem: ProblemBody | null) => void;
}) {
  const { t } = useTranslation();
  const { state, room, workshopId, onProblem } = props;
  const run = useRunSheet(state, room.send, onProblem);
  const stage = panelOf(run.current?.kind);
  useRunKeys({
    next: () => void run.goNext(),
    previous: () => void run.goPrevious(),
    showResults: () => void showResults(run, room, onProblem),
  });
  const live = state.workshop.status === 'open';
  const joinPanel = (
    <JoinPanel
      state={state}
      busy={props.busy}
      compact={live && run.current !== null}
      onOpen={props.onOpen}
      onClose={props.onClose}
      onScreenJoin={(shown) =>
        void room.send('screen:join', { shown }).then((r) => {
          if (!r.ok) onProblem(r.error);
        })
      }
    />
  );
  const panel = (which: Panel) =>
    which === 'board' ? (
      <BoardPanel key="board" room={room} state={state} workshopId={workshopId} />
    ) : which === 'vote' ? (
      <ConsoleVoting key="vote" room={room} state={state} workshopId={workshopId} />
    ) : (
      <ConsoleCafe key="cafe" room={room} state={state} workshopId={workshopId} />
    );
  const others = (['board', 'vote', 'cafe'] as const).filter((p) => p !== stage);

  return (
    <div className="run-of-show">
      <div className="run-rail">
        <RunRail run={run} workshopId={workshopId} />
        <PeoplePanel groups={state.workshop.groups} presence={room.presence} roster={room.roster} />
        {run.current !== null && live ? joinPanel : null}
      </div>
      <div className="run-stage">
        {live ? <NowBar run={run} /> : null}
        {run.current === null || !live ? joinPanel : null}
        {stage ? <div className="run-current">{panel(stage)}</div> : null}
        {others.length > 0 ? (
          <section className="run-others" aria-labelledby="run-others-heading">
            <h2 id="run-others-heading" className="run-others-heading">
              {t('console.otherActivities')}
            </h2>
            {others.map(panel)}
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** "Show results" for the step the room is on: a vote's count, a private board's notes. */
async function showResults(
  run: RunSheet,
  room: Room,
  onProblem: (problem: ProblemBody | null) => void,
) {
  const a = run.current;
  if (!a || !run.movable) return;
  const result =
    a.kind === 'dot_vote' || a.kind === 'congress_vote'
      ? await room.send('vote:reveal', { activityId: a.id })
      : a.kind === 'idea_board'
        ? await room.send('board:reveal', { activityId: a.id })
        : null;
  if (result && !result.ok) onProblem(result.error);
}

type JoinPanelProps = {
  state: RoomState;
  busy: 'open' | 'close' | null;
  /** In the rail while an activity runs: the code and the essentials, no QR. */
  compact: boolean;
  onOpen: () => void;
  onClose: () => void;
  onScreenJoin: (shown: boolean) => void;
};

function JoinPanel({ state, busy, compact, onOpen, onClose, onScreenJoin }: JoinPanelProps) {
  const { t } = useTranslation();
  const publicAddress = usePublicAddress();
  const { status, joinCode } = state.workshop;

  if (status === 'draft') {
    return (
      <section className="panel" aria-labelledby="join-heading">
        <h2 id="join-heading">{t('console.openHeading')}</h2>
        <p>{t('console.draftExplain')}</p>
        <Button variant="primary" size="large" busy={busy === 'open'} onClick={onOpen}>
          {t('console.open')}
        </Button>
      </section>
    );
  }

  if (status === 'closed') {
    return (
      <section className="panel" aria-labelledby="join-heading">
        <h2 id="join-heading">{t('console.closedHeading')}</h2>
        <p>{t('console.closedExplain')}</p>
        <div className="actions">
          <WorkshopRecordLink workshopId={state.workshop.id} status={status} />
          <Button busy={busy === 'open'} onClick={onOpen}>
            {t('console.reopen')}
          </Button>
        </div>
      </section>
    );
  }

  const code = joinCode ?? '';
  const joinUrl = `${publicAddress.url}${pages.join(code)}`;
  return (
    <section
      className={compact ? 'panel join-panel join-panel-compact' : 'panel join-panel'}
      aria-labelledby="join-heading"
    >
      <h2 id="join-heading">{t('console.joinHeading')}</h2>
      <div className="join-panel-grid">
        <div>
          <p className="join-code-label" id="console-code-label">
            {t('console.joinCode')}
          </p>
          <p
            className="join-code"
            data-testid="join-code"
            aria-describedby="console-code-label"
            dir="ltr"
          >
            {formatJoinCode(code)}
          </p>
          <CopyField label={t('console.joinLink')} value={joinUrl} />
          <PhoneAddress address={publicAddress} />
          <p>
            <a
              href={pages.screen(code)}
              target="_blank"
              rel="noopener"
              className="btn btn-secondary"
            >
              {t('console.projector')}
              <span className="visually-hidden"> {t('common.newTab')}</span>
              <span aria-hidden="true"> ↗</span>
            </a>
          </p>
          <label className="choice">
            <input
              type="checkbox"
              checked={state.screen.joinShown}
              onChange={(e) => onScreenJoin(e.currentTarget.checked)}
            />
            <span>{t('console.screenJoin')}</span>
          </label>
        </div>
        {compact ? null : (
          <img
            className="qr"
            src={urlOf(joinApi.qr, { code })}
            alt={t('console.qrAlt', { code: formatJoinCode(code) })}
            width={200}
            height={200}
          />
        )}
      </div>
      <Button variant="danger" busy={busy === 'close'} onClick={onClose}>
        {t('console.close')}
      </Button>
    </section>
  );
}

/** Which address phones are given, and a warning when no phone can open it. */
function PhoneAddress({ address }: { address: PublicAddress }) {
  const { t } = useTranslation();
  if (address.loopback) {
    return (
      <div className="notice notice-warning" role="alert" data-testid="loopback-warning">
        <span aria-hidden="true" className="notice-icon">
          ⚠
        </span>
        <div>
          <p>
            <strong>{t('console.address.loopbackTitle')}</strong>
          </p>
          <p>{t('console.address.loopbackFix')}</p>
        </div>
      </div>
    );
  }
  return (
    <p className="field-hint" data-testid="phone-address">
      {t(`console.address.${address.source}`, { address: withoutScheme(address.url) })}
    </p>
  );
}
