import { Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { TwoStepLogin } from '../components/TwoStepLogin.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

/** Only a path on this site may be a place to come back to after login. */
function safeReturnTo(value: string | null): string | null {
  return value?.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : null;
}

function idportenLoginUrl(returnTo: string | null): string {
  const path = '/auth/idporten/login';
  return returnTo ? `${path}?${new URLSearchParams({ returnTo })}` : path;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  usePageTitle(t('login.title'));

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('login.heading')}
      </Heading>
      <section className="login-option">
        <Paragraph>{t('login.idportenIntro')}</Paragraph>
        <div className="actions">
          {/* A full-page navigation: the server redirects on to ID-porten. */}
          <Button asChild>
            <a href={idportenLoginUrl(returnTo)}>{t('login.idportenButton')}</a>
          </Button>
        </div>
      </section>
      <TwoStepLogin returnTo={returnTo} />
    </div>
  );
}
