import { Alert, Paragraph, Spinner } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { type Me, mayAdministerPeople, useMe } from '../api/me.ts';
import { NoAccess } from './NoAccess.tsx';

type Props = {
  /** Only coordinators and organisation administrators (others see "no access"). */
  staffOnly?: boolean;
  children: (me: Me) => ReactNode;
};

/** Renders the page for a logged-in person; sends others to log in and back here after. */
export function RequireLogin({ staffOnly = false, children }: Props) {
  const { t } = useTranslation();
  const { data: me, isError } = useMe();
  const { pathname, search } = useLocation();

  if (me === undefined) {
    return isError ? (
      <Alert data-color="danger">
        <Paragraph>{t('common.loadFailed')}</Paragraph>
      </Alert>
    ) : (
      <Spinner aria-label={t('layout.loading')} />
    );
  }
  if (me === null) {
    const returnTo = encodeURIComponent(pathname + search);
    return <Navigate to={`/logg-inn?returnTo=${returnTo}`} replace />;
  }
  if (staffOnly && !mayAdministerPeople(me)) return <NoAccess />;
  return <>{children(me)}</>;
}
