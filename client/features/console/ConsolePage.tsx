import { urlOf } from '../../../shared/http/route.ts';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJoinCode } from '../../../shared/domain/joinCode.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ConnectionStatus, OutdatedPage, refusalText } from '../../components/ConnectionStatus.tsx';
import { DatabaseStatus } from '../../components/DatabaseStatus.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { useRoom } from '../../lib/useRoom.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { useSession } from '../auth/session.tsx';
import { BoardPanel } from '../board/FacilitatorBoard.tsx';
import { ConsoleCafe } from '../cafe/ConsoleCafe.tsx';
import { ConsoleVoting } from '../voting/ConsoleVoting.tsx';
import { WorkshopRecordLink } from '../records/WorkshopRecordLink.tsx';
import { StatusBadge } from '../workshops/StatusBadge.tsx';
import { AgendaControl } from './AgendaControl.tsx';
import { PeoplePanel } from './PeoplePanel.tsx';
import type { PublicAddress } from '../../../shared/protocol/rest.ts';
import { usePublicAddress, withoutScheme } from '../../lib/publicAddress.ts';

/** The facilitator's console: open and close the workshop, move through the agenda, see who came. */
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
          <Link to="/workshops">{t('nav.backToWorkshops')}</Link>
        </p>
      </FacilitatorPage>
    );
  }

  return (
    <FacilitatorPage title={title} documentTitle={t('console.tabTitle', { title })} variant="wide">
      <ConnectionStatus connection={room.connection} />
      <DatabaseStatus database={room.database} />
      {!state ? (
        <Loading />
      ) : (
        <>
          <div className="console-status">
            <p>
              {t('console.status')} <StatusBadge status={state.workshop.status} />
            </p>
            <Link to={`/workshops/${workshopId}/edit`} className="btn btn-secondary">
              {t('console.edit')}
            </Link>
          </div>
          <LiveRegion message={t(`console.statusNow.${state.workshop.status}`)} />
          {problem ? <ErrorMessage>{problemText(t, problem)}</ErrorMessage> : null}

          <div className="console-grid">
            <div className="console-main">
              <JoinPanel
                state={state}
                busy={busy}
                onOpen={() => void setOpen(true)}
                onClose={() => setConfirmClose(true)}
                onScreenJoin={(shown) =>
                  void room.send('screen:join', { shown }).then((r) => {
                    if (!r.ok) setProblem(r.error);
                  })
                }
              />
              <AgendaControl
                state={state}
                send={room.send}
                onProblem={setProblem}
                workshopId={workshopId}
              />
            </div>
            <div className="console-side">
              <PeoplePanel
                groups={state.workshop.groups}
                presence={room.presence}
                roster={room.roster}
              />
            </div>
          </div>

          <ConsoleCafe room={room} state={state} workshopId={workshopId} />
          <BoardPanel room={room} state={state} workshopId={workshopId} />
          <ConsoleVoting room={room} state={state} workshopId={workshopId} />

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

type JoinPanelProps = {
  state: RoomState;
  busy: 'open' | 'close' | null;
  onOpen: () => void;
  onClose: () => void;
  onScreenJoin: (shown: boolean) => void;
};

function JoinPanel({ state, busy, onOpen, onClose, onScreenJoin }: JoinPanelProps) {
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
  const joinUrl = `${publicAddress.url}/j/${code}`;
  return (
    <section className="panel join-panel" aria-labelledby="join-heading">
      <h2 id="join-heading">{t('console.joinHeading')}</h2>
      <div className="join-panel-grid">
        <div>
          <p className="join-code-label" id="console-code-label">
            {t('console.joinCode')}
          </p>
          <p className="join-code" data-testid="join-code" aria-describedby="console-code-label">
            {formatJoinCode(code)}
          </p>
          <CopyField label={t('console.joinLink')} value={joinUrl} />
          <PhoneAddress address={publicAddress} />
          <p>
            <a
              href={`/screen/${code}`}
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
        <img
          className="qr"
          src={urlOf(joinApi.qr, { code })}
          alt={t('console.qrAlt', { code: formatJoinCode(code) })}
          width={200}
          height={200}
        />
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
