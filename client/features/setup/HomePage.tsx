import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstanceInfo } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { api, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { navigate } from '../../lib/router.ts';

/**
 * The front door decides where to go: a fresh install sets up its first account; everyone else
 * goes to the workshops, which send signed-out visitors to sign in.
 */
export function HomePage() {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    api<InstanceInfo>('GET', '/api/instance')
      .then((info) => {
        if (live) navigate(info.setupRequired ? '/setup' : '/workshops', { replace: true });
      })
      .catch((err: unknown) => {
        if (live) setProblem(asProblem(err));
      });
    return () => {
      live = false;
    };
  }, [attempt]);

  return (
    <Page title={t('app.name')}>
      <p className="lead">{t('home.tagline')}</p>
      {problem ? (
        <>
          <ErrorMessage>{problemText(t, problem)}</ErrorMessage>
          <Button
            variant="primary"
            onClick={() => {
              setProblem(null);
              setAttempt((n) => n + 1);
            }}
          >
            {t('common.tryAgain')}
          </Button>
        </>
      ) : (
        <Loading />
      )}
      <p>
        <Link to="/join">{t('home.joinLink')}</Link>
      </p>
    </Page>
  );
}
