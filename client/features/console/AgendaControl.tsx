import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';

type Props = {
  state: RoomState;
  send: Room['send'];
  onProblem: (problem: ProblemBody | null) => void;
  workshopId: string;
};

/** The agenda as a run-sheet: where the room is now, and the buttons to move it. */
export function AgendaControl({ state, send, onProblem, workshopId }: Props) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<string | null>(null);
  const agenda = [...state.agenda].sort((a, b) => a.position - b.position);
  const index = agenda.findIndex((a) => a.id === state.currentActivityId);
  const current = index === -1 ? null : agenda[index];
  const closed = state.workshop.status === 'closed';

  async function go(activityId: string | null, key: string) {
    setPending(key);
    onProblem(null);
    const result = await send('activity:goto', { activityId });
    if (!result.ok) onProblem(result.error);
    setPending(null);
  }

  const next = index === -1 ? agenda[0] : agenda[index + 1];
  const previous = index <= 0 ? null : agenda[index - 1];

  return (
    <section className="panel" aria-labelledby="agenda-run-heading">
      <h2 id="agenda-run-heading">{t('console.agendaHeading')}</h2>
      <LiveRegion
        message={
          current ? t('console.nowShowing', { title: current.title }) : t('console.nowWelcome')
        }
      />
      <p className="now-line">
        <strong>{t('console.now')}:</strong>{' '}
        {current
          ? t('console.stepOf', { n: index + 1, total: agenda.length, title: current.title })
          : t('console.welcomeScreen')}
      </p>
      <div className="actions">
        <Button
          onClick={() => void go(previous ? previous.id : null, 'previous')}
          disabled={closed || index === -1}
          busy={pending === 'previous'}
        >
          <span aria-hidden="true">← </span>
          {t('console.previous')}
        </Button>
        <Button
          variant="primary"
          onClick={() => next && void go(next.id, 'next')}
          disabled={closed || !next}
          busy={pending === 'next'}
        >
          {t('console.next')}
          <span aria-hidden="true"> →</span>
        </Button>
        <Button
          onClick={() => void go(null, 'welcome')}
          disabled={closed || index === -1}
          busy={pending === 'welcome'}
        >
          {t('console.backToWelcome')}
        </Button>
      </div>

      {agenda.length === 0 ? (
        <p className="empty">
          {t('console.noAgenda')}{' '}
          <Link to={`/workshops/${workshopId}/edit`}>{t('console.edit')}</Link>
        </p>
      ) : (
        <ol className="run-sheet">
          {agenda.map((a, i) => {
            const isCurrent = a.id === state.currentActivityId;
            return (
              <li
                key={a.id}
                className={isCurrent ? 'run-item run-item-current' : 'run-item'}
                aria-current={isCurrent ? 'step' : undefined}
              >
                <div className="run-item-text">
                  <span className="run-item-meta">
                    {t('console.step', { n: i + 1 })} · {t(`kinds.${a.kind}`)}
                  </span>
                  <span className="run-item-title">{a.title}</span>
                </div>
                {isCurrent ? (
                  <span className="badge badge-now">
                    <span aria-hidden="true">▶ </span>
                    {t('console.now')}
                  </span>
                ) : (
                  <Button
                    onClick={() => void go(a.id, a.id)}
                    disabled={closed}
                    busy={pending === a.id}
                    aria-label={`${t('console.goTo')}: ${a.title}`}
                  >
                    {t('console.goTo')}
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
