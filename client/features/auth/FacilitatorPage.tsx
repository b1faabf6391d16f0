import { useState, type ComponentProps } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import { Button } from '../../components/Button.tsx';
import { Link } from '../../components/Link.tsx';
import { Page } from '../../components/Page.tsx';
import { navigate } from '../../lib/router.ts';
import { useSession } from './session.tsx';
import { pages } from '../../lib/routes.ts';

type Props = Omit<ComponentProps<typeof Page>, 'nav' | 'brandLink'>;

/** A page of the facilitators' side: their navigation, who is signed in, and signing out. */
export function FacilitatorPage(props: Props) {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const [leaving, setLeaving] = useState(false);
  const name = session.status === 'signedIn' ? session.facilitator.name : '';

  const nav = (
    <nav aria-label={t('nav.label')} className="facilitator-nav">
      <Link to={pages.workshops()}>{t('nav.workshops')}</Link>
      <Link to={pages.records()}>{t('records:nav.records')}</Link>
      <Link to={pages.calendar()}>{t('records:nav.calendar')}</Link>
      <Link to={pages.team()}>{t('nav.team')}</Link>
      {name ? <span className="signed-in-as">{t('nav.signedInAs', { name })}</span> : null}
      <Button
        variant="link"
        busy={leaving}
        onClick={() => {
          setLeaving(true);
          void signOut().then(() => navigate(pages.login()));
        }}
      >
        {t('nav.signOut')}
      </Button>
    </nav>
  );
  return <Page {...props} nav={nav} brandLink={pages.workshops()} />;
}
