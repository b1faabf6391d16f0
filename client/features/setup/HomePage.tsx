import { sessionApi } from '../../../shared/http/sessionRoutes.ts';
import { useEffect } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { useSession } from '../auth/session.tsx';
import { JoinCodeForm } from '../join/JoinCodePage.tsx';
import { problemText } from '../../lib/errors.ts';
import { navigate } from '../../lib/router.ts';
import { useCall } from '../../lib/useCall.ts';
import { pages } from '../../lib/routes.ts';

/**
 * The front door. A fresh install sets up its first account and a signed-in facilitator goes
 * to the workshops; everyone else is most likely a resident who typed the address from the
 * screen, so they get the join-code form first and facilitators a link to sign in (HALL5).
 */
export function HomePage() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const { data: info, problem, reload } = useCall(sessionApi.instance, {});

  // Nothing has asked who this is yet on a first page: ask once, a 401 is "signed out".
  const unknown = session.status === 'unknown';
  useEffect(() => {
    if (unknown) void refresh();
  }, [unknown, refresh]);

  const signedIn = session.status === 'signedIn';
  useEffect(() => {
    if (info?.setupRequired) navigate(pages.setup(), { replace: true });
    else if (info && signedIn) navigate(pages.workshops(), { replace: true });
  }, [info, signedIn]);

  if (problem) {
    return (
      <Page title={t('app.name')}>
        <ErrorMessage>{problemText(t, problem)}</ErrorMessage>
        <Button variant="primary" onClick={reload}>
          {t('common.tryAgain')}
        </Button>
      </Page>
    );
  }
  if (!info || info.setupRequired || session.status === 'unknown' || signedIn) {
    return (
      <Page title={t('app.name')}>
        <Loading />
      </Page>
    );
  }
  return (
    <Page title={t('joinCode.title')} variant="narrow">
      <p className="lead">{t('home.tagline')}</p>
      <JoinCodeForm />
      <p className="home-staff">
        {t('home.staff')} <Link to={pages.workshops()}>{t('home.signIn')}</Link>
      </p>
    </Page>
  );
}
