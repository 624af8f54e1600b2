import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';

type Props = {
  /** Where to go after a successful login (a same-site path), if any. */
  returnTo: string | null;
};

/**
 * Login with username, password and a one-time code (POST /api/auth/login, then
 * /api/auth/verify). For now only says that it is coming.
 */
export function TwoStepLogin(_props: Props) {
  const { t } = useTranslation();

  return (
    <section className="login-option" aria-labelledby="two-step-heading">
      <Heading level={2} data-size="xs" id="two-step-heading">
        {t('login.twoStepHeading')}
      </Heading>
      <Paragraph>{t('login.twoStepText')}</Paragraph>
    </section>
  );
}
