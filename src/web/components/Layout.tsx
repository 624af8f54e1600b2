import { Button, Link, Paragraph, SkipLink, Spinner } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, type MouseEvent, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Link as RouterLink, useLocation } from 'react-router';
import { onApiEvent } from '../api/client.ts';
import { meKey, useMe } from '../api/me.ts';
import { endSession } from '../api/session.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';
import { MessagesNavLink } from './MessagesNavLink.tsx';
import { RouteError } from './RouteError.tsx';

// The idle-timeout watcher and its dialog matter only when logged in: a chunk of its own.
const IdleSession = lazy(() => import('./IdleSession.tsx'));
// Live updates (one event stream per logged-in tab), likewise.
const LiveUpdates = lazy(() => import('./LiveUpdates.tsx'));

export function Layout() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const initialPath = useRef<string | null>(pathname);
  const [loggingOut, setLoggingOut] = useState(false);
  const [logoutFailed, setLogoutFailed] = useState(false);

  // After moving to another page, start at the top and put focus on the new content,
  // so screen reader and keyboard users begin there (not on the first page load).
  useEffect(() => {
    if (pathname === initialPath.current) return;
    initialPath.current = null;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  // A call that needed the session got 401 (it timed out or ended elsewhere): ask again
  // who is logged in, so pages that need a login send the person to log in.
  useEffect(
    () =>
      onApiEvent((event) => {
        if (event.type === 'unauthorized') void queryClient.invalidateQueries({ queryKey: meKey });
      }),
    [queryClient],
  );

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  const logOut = async () => {
    setLoggingOut(true);
    setLogoutFailed(false);
    try {
      await endSession(queryClient, { to: '/' });
    } catch {
      setLogoutFailed(true);
      setLoggingOut(false);
    }
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
              <nav className="account-nav" aria-label={t('layout.accountNav')}>
                <span className="user-name">
                  <span className="ds-sr-only">{t('layout.signedInAs')} </span>
                  {me.name}
                </span>
                <MessagesNavLink />
                <Link asChild>
                  <RouterLink to="/min-profil">{t('layout.profile')}</RouterLink>
                </Link>
                <Button
                  data-size="sm"
                  variant="secondary"
                  onClick={logOut}
                  loading={loggingOut}
                  aria-disabled={loggingOut || undefined}
                >
                  {t('layout.logout')}
                </Button>
              </nav>
            ) : me === null && pathname !== '/logg-inn' ? (
              <Link asChild>
                <RouterLink to="/logg-inn">{t('layout.login')}</RouterLink>
              </Link>
            ) : null}
            <LanguagePicker />
          </div>
        </div>
        {logoutFailed ? (
          <div className="container" role="alert">
            <Paragraph className="header-error">{t('layout.logoutFailed')}</Paragraph>
          </div>
        ) : null}
      </header>
      {me ? (
        <Suspense fallback={null}>
          <IdleSession me={me} />
          <LiveUpdates key={me.id} />
        </Suspense>
      ) : null}
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
