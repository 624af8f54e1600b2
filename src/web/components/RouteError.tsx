import { Button, Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { usePageTitle } from './usePageTitle.ts';

export function RouteError() {
  const { t } = useTranslation();
  usePageTitle(t('error.title'));

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('error.heading')}
      </Heading>
      <Paragraph>{t('error.text')}</Paragraph>
      <div className="actions">
        <Button onClick={() => window.location.reload()}>{t('error.reload')}</Button>
        <Link asChild>
          <RouterLink to="/" reloadDocument>
            {t('error.home')}
          </RouterLink>
        </Link>
      </div>
    </div>
  );
}
