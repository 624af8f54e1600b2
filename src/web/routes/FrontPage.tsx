import { Button, Heading, List, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useMe } from '../api/me.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

export default function FrontPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('front.title'));

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('front.heading')}
      </Heading>
      <Paragraph data-size="lg">{t('front.intro')}</Paragraph>
      {me ? (
        <Paragraph>{t('front.loggedIn', { name: me.name })}</Paragraph>
      ) : (
        <div className="actions">
          <Button asChild>
            <RouterLink to="/logg-inn">{t('front.login')}</RouterLink>
          </Button>
        </div>
      )}
      <Heading level={2} data-size="sm">
        {t('front.whatHeading')}
      </Heading>
      <List.Unordered>
        <List.Item>{t('front.whatPlan')}</List.Item>
        <List.Item>{t('front.whatMessages')}</List.Item>
        <List.Item>{t('front.whatMeetings')}</List.Item>
        <List.Item>{t('front.whatAccess')}</List.Item>
      </List.Unordered>
      <Paragraph>{t('front.simple')}</Paragraph>
      <Paragraph>{t('front.account')}</Paragraph>
      <Paragraph>{t('front.staff')}</Paragraph>
    </div>
  );
}
