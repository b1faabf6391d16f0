import { useTranslation } from '../../i18n/useTranslation.ts';
import { Button } from '../../components/Button.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import type { RunSheet } from './useRunSheet.ts';

/**
 * The top of the run-of-show: where the room is, and the one click to the next step (with its
 * name, so nobody has to look it up), back a step, or to the welcome screen.
 */
export function NowBar({ run }: { run: RunSheet }) {
  const { t } = useTranslation();
  const { current, next, previous, index, agenda, pending, movable } = run;
  return (
    <section className="now-bar" aria-labelledby="now-heading">
      <LiveRegion
        message={
          current ? t('console.nowShowing', { title: current.title }) : t('console.nowWelcome')
        }
      />
      <h2 id="now-heading" className="now-title">
        <span className="now-kicker">
          {current
            ? `${t('console.step', { n: index + 1 })} / ${agenda.length} · ${t(`kinds.${current.kind}`)}`
            : t('console.now')}
        </span>
        <span data-testid="now-title">{current ? current.title : t('console.welcomeScreen')}</span>
      </h2>
      <div className="now-actions">
        <Button
          onClick={() => void run.goPrevious()}
          disabled={!movable || index === -1}
          busy={pending === 'previous'}
          aria-keyshortcuts="PageUp P"
        >
          <span aria-hidden="true" className="flip-rtl">
            ←
          </span>{' '}
          {t('console.previous')}
          {previous ? (
            <span className="visually-hidden">
              : <bdi>{previous.title}</bdi>
            </span>
          ) : null}
        </Button>
        <Button
          variant="primary"
          size="large"
          onClick={() => void run.goNext()}
          disabled={!movable || !next}
          busy={pending === 'next'}
          aria-keyshortcuts="PageDown N"
        >
          {t('console.next')}
          {next ? (
            <>
              : <bdi>{next.title}</bdi>
            </>
          ) : null}{' '}
          <span aria-hidden="true" className="flip-rtl">
            →
          </span>
        </Button>
        <Button
          variant="link"
          onClick={() => void run.go(null, 'welcome')}
          disabled={!movable || index === -1}
          busy={pending === 'welcome'}
        >
          {t('console.backToWelcome')}
        </Button>
      </div>
      <p className="now-keys muted">{t('console.keys')}</p>
    </section>
  );
}
