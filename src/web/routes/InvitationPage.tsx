import { Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { usePageTitle } from '../components/usePageTitle.ts';

/** /invitasjon/:token — where the link in the invitation SMS or e-mail lands. */
export default function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  usePageTitle(t('invitation.title'));
  const idporten = `/auth/idporten/login?${new URLSearchParams({ invitation: token })}`;

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('invitation.heading')}
      </Heading>
      <Paragraph data-size="lg">
        {t('invitation.intro')} {t('invitation.account')}
      </Paragraph>
      <Paragraph>{t('invitation.idportenHelp')}</Paragraph>
      <div className="stacked-actions">
        {/* A full-page navigation: the server takes the invitation on to ID-porten. */}
        <Button asChild data-size="lg" className="wide-button">
          <a href={idporten}>{t('invitation.idporten')}</a>
        </Button>
        <Button asChild variant="secondary" className="wide-button">
          <RouterLink to="/aktiver">{t('invitation.noEid')}</RouterLink>
        </Button>
      </div>
    </div>
  );
}
