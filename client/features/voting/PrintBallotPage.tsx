import { isolate } from '../../lib/bidi.ts';
import { urlOf } from '../../../shared/http/route.ts';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { useMemo } from 'react';
import { formatJoinCode } from '../../../shared/domain/joinCode.ts';
import type { VoteMeta } from '../../../shared/protocol/voting.ts';
import { Button } from '../../components/Button.tsx';
import { ConnectionStatus } from '../../components/ConnectionStatus.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { groupName } from '../../lib/groups.ts';
import { useRoom } from '../../lib/useRoom.ts';
import { useVote } from './useVote.ts';
import { useVotingT, voteProblemText } from './voteText.ts';
import './voting.css';
import { usePublicAddress, withoutScheme } from '../../lib/publicAddress.ts';
import { pages } from '../../lib/routes.ts';

type Props = { workshopId: string; activityId: string };

/**
 * A paper ballot for people who would rather not (or cannot) use a phone: the options with boxes,
 * the groups (so the count can be entered per group), and the join code and QR code for anyone who
 * would rather vote on their phone after all. Printed with the page's own print stylesheet.
 */
export function PrintBallotPage({ workshopId, activityId }: Props) {
  const { t, tc } = useVotingT();
  const publicAddress = usePublicAddress();
  const auth = useMemo(() => ({ role: 'facilitator' as const, workshopId }), [workshopId]);
  const room = useRoom(auth);
  const { view, problem } = useVote(room, activityId);
  const activity = room.state?.agenda.find((a) => a.id === activityId);
  const title = activity?.title ?? t('print.title');

  if (!room.state || !view) {
    return (
      <Page title={t('print.title')} variant="narrow">
        <ConnectionStatus connection={room.connection} />
        {problem ? <ErrorMessage>{voteProblemText(t, tc, problem)}</ErrorMessage> : <Loading />}
      </Page>
    );
  }

  const { meta } = view;
  const code = room.state.workshop.joinCode;
  const joinUrl = code ? `${withoutScheme(publicAddress.url)}${pages.join(code)}` : null;
  return (
    <Page title={title} documentTitle={t('print.tabTitle', { title })} variant="narrow">
      <div className="print-ballot">
        <p className="print-workshop" dir="auto">
          {room.state.workshop.title}
        </p>
        {activity?.prompt ? (
          <p className="prewrap" dir="auto">
            {activity.prompt}
          </p>
        ) : null}
        <p className="print-instructions">
          <strong>{instructions(t, meta)}</strong>
        </p>
        <div className="actions no-print">
          <Button variant="primary" onClick={() => window.print()}>
            {t('print.print')}
          </Button>
        </div>
        <table className="print-options">
          <caption className="visually-hidden">{t('print.optionsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.option')}</th>
              <th scope="col">{t(`print.column.${meta.kind}`)}</th>
            </tr>
          </thead>
          <tbody>
            {view.options.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <bdi>{o.label}</bdi>
                </th>
                <td>
                  <Boxes meta={meta} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <fieldset className="print-groups">
          <legend>{t('print.group')}</legend>
          <ul className="plain-list">
            {room.state.workshop.groups.map((g) => (
              <li key={g.key}>
                <span className="print-box" aria-hidden="true" /> {groupName(tc, g)}
              </li>
            ))}
          </ul>
        </fieldset>

        {code && joinUrl ? (
          <div className="print-phone">
            <div>
              <h2>{t('print.phone')}</h2>
              <p>{t('print.phoneSteps', { url: isolate(joinUrl) })}</p>
              <p className="print-code" dir="ltr">
                {formatJoinCode(code)}
              </p>
            </div>
            <img
              src={urlOf(joinApi.qr, { code })}
              alt={tc('console.qrAlt', { code: formatJoinCode(code) })}
              width={160}
              height={160}
            />
          </div>
        ) : null}
        <p className="print-hand-in">{t('print.handIn')}</p>
      </div>
    </Page>
  );
}

function instructions(t: ReturnType<typeof useVotingT>['t'], meta: VoteMeta) {
  switch (meta.kind) {
    case 'dot':
      return t('print.instructions.dot', { count: meta.dotsPerPerson, max: meta.maxDotsPerOption });
    case 'single':
      return t('print.instructions.single');
    case 'approval':
      return t('print.instructions.approval');
    case 'ranking':
      return t('print.instructions.ranking', { count: meta.rankTopK });
    case 'points':
      return t('print.instructions.points', { count: meta.pointsTotal });
  }
}

function Boxes({ meta }: { meta: VoteMeta }) {
  const n = meta.kind === 'dot' ? Math.max(1, meta.maxDotsPerOption) : 1;
  const wide = meta.kind === 'ranking' || meta.kind === 'points';
  return (
    <span className="print-boxes" aria-hidden="true">
      {Array.from({ length: n }, (_, i) => (
        <span key={i} className={wide ? 'print-box print-box-wide' : 'print-box'} />
      ))}
    </span>
  );
}
