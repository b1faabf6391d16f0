import { useTranslation } from '../../i18n/useTranslation.ts';
import { Button } from '../../components/Button.tsx';
import { Link } from '../../components/Link.tsx';
import type { RunSheet } from './useRunSheet.ts';
import { pages } from '../../lib/routes.ts';

/** The agenda as a compact rail: every step, the current one marked, any step one click away. */
export function RunRail({ run, workshopId }: { run: RunSheet; workshopId: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel rail-panel" aria-labelledby="agenda-run-heading">
      <h2 id="agenda-run-heading">{t('console.agendaHeading')}</h2>
      {run.agenda.length === 0 ? (
        <p className="empty">
          {t('console.noAgenda')}{' '}
          <Link to={pages.editWorkshop(workshopId)}>{t('console.edit')}</Link>
        </p>
      ) : (
        <ol className="run-sheet">
          {run.agenda.map((a, i) => {
            const isCurrent = i === run.index;
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
                  <bdi className="run-item-title">{a.title}</bdi>
                </div>
                {isCurrent ? (
                  <span className="badge badge-now">
                    <span aria-hidden="true" className="flip-rtl">
                      ▶
                    </span>{' '}
                    {t('console.now')}
                  </span>
                ) : (
                  <Button
                    onClick={() => void run.go(a.id, a.id)}
                    disabled={!run.movable}
                    busy={run.pending === a.id}
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
