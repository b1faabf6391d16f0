import { useEffect, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { Facilitator } from '../../../shared/protocol/rest.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { problemText } from '../../lib/errors.ts';
import { navigate } from '../../lib/router.ts';
import { useSession } from './session.tsx';
import { pages } from '../../lib/routes.ts';

type Props = { children: (facilitator: Facilitator) => ReactNode };

/** Facilitator pages render only for a signed-in facilitator; anyone else is sent to sign in. */
export function RequireFacilitator({ children }: Props) {
  const { t } = useTranslation();
  const { session, refresh } = useSession();

  useEffect(() => {
    if (session.status === 'unknown') void refresh();
  }, [session.status, refresh]);

  useEffect(() => {
    if (session.status === 'signedOut') {
      const here = window.location.pathname + window.location.search;
      navigate(pages.login(here), { replace: true });
    }
  }, [session.status]);

  if (session.status === 'signedIn') return <>{children(session.facilitator)}</>;
  if (session.status === 'failed') {
    return (
      <Page title={t('common.problemTitle')}>
        <ErrorMessage>{problemText(t, session.problem)}</ErrorMessage>
        <Button variant="primary" onClick={() => void refresh()}>
          {t('common.tryAgain')}
        </Button>
      </Page>
    );
  }
  return (
    <Page title={t('app.name')} hideTitle>
      <Loading />
    </Page>
  );
}
