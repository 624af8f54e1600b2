import { Alert, Button, Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Link as RouterLink, useSearchParams } from 'react-router';
import { safeReturnTo } from '../api/auth.ts';
import { useMe } from '../api/me.ts';
import { TwoStepLogin } from '../components/TwoStepLogin.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

function idportenLoginUrl(returnTo: string | null): string {
  const path = '/auth/idporten/login';
  return returnTo ? `${path}?${new URLSearchParams({ returnTo })}` : path;
}

/** What `?error=` (from the ID-porten callback or the idle timeout) and `?info=` mean. */
function useNotice(searchParams: URLSearchParams) {
  const { t } = useTranslation();
  switch (searchParams.get('error')) {
    case 'unknown-person':
      return { color: 'warning', text: t('login.errorUnknownPerson'), role: 'alert' } as const;
    case 'login-failed':
      return { color: 'danger', text: t('login.errorLoginFailed'), role: 'alert' } as const;
    case 'timeout':
      return { color: 'info', text: t('login.errorTimeout'), role: 'status' } as const;
  }
  if (searchParams.get('info') === 'everywhere') {
    return { color: 'success', text: t('login.loggedOutEverywhere'), role: 'status' } as const;
  }
  return null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  const notice = useNotice(searchParams);
  const { data: me } = useMe();
  const [codeStep, setCodeStep] = useState(false);
  usePageTitle(t('login.title'));

  if (me && returnTo) return <Navigate to={returnTo} replace />;

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('login.heading')}
      </Heading>
      {me && !codeStep ? (
        // Already logged in: say so, but let someone else log in on this device too.
        <Alert data-color="info">
          <Paragraph>{t('login.alreadyLoggedIn', { name: me.name })}</Paragraph>
          <Paragraph>
            <Link asChild>
              <RouterLink to="/">{t('common.toFrontPage')}</RouterLink>
            </Link>
          </Paragraph>
        </Alert>
      ) : null}
      {notice && !codeStep ? (
        <Alert data-color={notice.color} role={notice.role}>
          <Paragraph>{notice.text}</Paragraph>
        </Alert>
      ) : null}
      {codeStep ? null : (
        <section className="login-option" aria-label={t('login.idportenButton')}>
          <Paragraph>{t('login.idportenIntro')}</Paragraph>
          <div className="actions">
            {/* A full-page navigation: the server redirects on to ID-porten. */}
            <Button asChild data-size="lg" className="wide-button">
              <a href={idportenLoginUrl(returnTo)}>{t('login.idportenButton')}</a>
            </Button>
          </div>
        </section>
      )}
      <section className="login-option" aria-labelledby="two-step-heading">
        <Heading level={2} data-size="xs" id="two-step-heading">
          {t('login.twoStepHeading')}
        </Heading>
        {codeStep ? null : <Paragraph>{t('login.twoStepText')}</Paragraph>}
        <TwoStepLogin returnTo={returnTo} onCodeStep={setCodeStep} />
      </section>
    </div>
  );
}
