import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from '../i18n/useTranslation.ts';
import { navigationCount } from '../lib/router.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { Link } from './Link.tsx';
import { pages } from '../lib/routes.ts';

type Props = {
  /** The page's one h1; also the browser tab's title. */
  title: string;
  /** Shown in the tab instead of `title` when the heading is not a good tab name. */
  documentTitle?: string;
  /** Extra header content, such as the facilitator's navigation. */
  nav?: ReactNode;
  /** The title is text someone typed (a workshop's title): its own script sets its direction. */
  titleWritten?: boolean;
  /** The title's language where it is not the page's: a facilitator's, untranslated (LANG11). */
  titleLang?: string;
  /** Hides the h1 visually (it stays for screen readers) where the design shows it elsewhere. */
  hideTitle?: boolean;
  variant?: 'default' | 'narrow' | 'wide' | 'screen';
  brandLink?: string | null;
  /** The projector has no language picker: nobody in the room can use it (HALL3). */
  languageSwitcher?: boolean;
  children: ReactNode;
};

export function Page({
  title,
  documentTitle,
  nav,
  titleWritten = false,
  titleLang,
  hideTitle = false,
  variant = 'default',
  brandLink = pages.home(),
  languageSwitcher = true,
  children,
}: Props) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const app = t('app.name');
    const name = documentTitle ?? title;
    document.title = name && name !== app ? `${name} – ${app}` : app;
  }, [title, documentTitle, t]);

  // After an in-app navigation (or a form that turns into the next screen, like joining), the
  // control just pressed no longer exists and focus would fall back to the top of the document;
  // the new page's heading is where a full page load would start.
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (navigationCount() > 0 || lost) headingRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div className={`page page-${variant}`}>
      <header className="site-header">
        <a className="skip-link" href="#main">
          {t('common.skipToContent')}
        </a>
        <div className="site-header-inner">
          {brandLink ? (
            <Link to={brandLink} className="brand">
              {t('app.name')}
            </Link>
          ) : (
            <span className="brand">{t('app.name')}</span>
          )}
          {nav ? <div className="site-nav">{nav}</div> : null}
          {languageSwitcher ? <LanguageSwitcher /> : null}
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <h1
          ref={headingRef}
          tabIndex={-1}
          className={hideTitle ? 'visually-hidden' : 'page-title'}
          dir={titleWritten ? 'auto' : undefined}
          lang={titleLang}
        >
          {title}
        </h1>
        {children}
      </main>
    </div>
  );
}
