import { SkipLink, Spinner } from '@digdir/designsystemet-react';
import { type MouseEvent, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Link as RouterLink, useLocation } from 'react-router';
import { useMe } from '../api/me.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';
import { RouteError } from './RouteError.tsx';

export function Layout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const initialPath = useRef<string | null>(pathname);

  // After moving to another page, start at the top and put focus on the new content,
  // so screen reader and keyboard users begin there (not on the first page load).
  useEffect(() => {
    if (pathname === initialPath.current) return;
    initialPath.current = null;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="layout">
      <SkipLink href="#main" onClick={skipToMain}>
        {t('layout.skipLink')}
      </SkipLink>
      <header className="site-header">
        <div className="container header-row">
          <RouterLink to="/" className="brand ds-focus" aria-label={t('layout.homeLink')}>
            Samvirke
          </RouterLink>
          <div className="header-tools">
            {me ? (
              <span className="user-name">
                <span className="ds-sr-only">{t('layout.signedInAs')} </span>
                {me.name}
              </span>
            ) : null}
            <LanguagePicker />
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="container site-main">
        <ErrorBoundary key={pathname} fallback={<RouteError />}>
          <Suspense fallback={<Spinner aria-label={t('layout.loading')} />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('layout.footer')}</p>
        </div>
      </footer>
    </div>
  );
}
