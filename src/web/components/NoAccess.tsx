import { Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { usePageTitle } from './usePageTitle.ts';

/** For a logged-in person on a page their role does not open. */
export function NoAccess() {
  const { t } = useTranslation();
  usePageTitle(t('people.noAccessTitle'));
  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('people.noAccessTitle')}
      </Heading>
      <Paragraph>{t('people.noAccessText')}</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/">{t('common.toFrontPage')}</RouterLink>
        </Link>
      </Paragraph>
    </div>
  );
}
