import { Alert, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import type { Me } from '../../api/me.ts';
import { isStatus, type Plan, usePlan } from '../../api/plans.ts';
import { RequireLogin } from '../RequireLogin.tsx';
import { usePageTitle } from '../usePageTitle.ts';

export type PlanContext = { plan: Plan; me: Me };

/** A page inside one plan (/planer/:planId/...): logged in, with the plan loaded. */
export function PlanRoute({ children }: { children: (context: PlanContext) => ReactNode }) {
  return <RequireLogin>{(me) => <PlanLoader me={me}>{children}</PlanLoader>}</RequireLogin>;
}

function PlanLoader({ me, children }: { me: Me; children: (context: PlanContext) => ReactNode }) {
  const { t } = useTranslation();
  const { planId = '' } = useParams();
  const plan = usePlan(planId);
  if (plan.isPending) return <Spinner aria-label={t('layout.loading')} />;
  if (plan.isError) {
    return isStatus(plan.error, 404) ? <PlanNotFound /> : <LoadFailed />;
  }
  return <>{children({ plan: plan.data, me })}</>;
}

/** 404: the plan does not exist or the person may not see it (the same, on purpose). */
function PlanNotFound() {
  const { t } = useTranslation();
  usePageTitle(t('plan.notFoundTitle'));
  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('plan.notFoundTitle')}
      </Heading>
      <Paragraph>{t('plan.notFoundText')}</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/planer">{t('plan.toMyPlans')}</RouterLink>
        </Link>
      </Paragraph>
    </div>
  );
}

export function LoadFailed() {
  const { t } = useTranslation();
  return (
    <Alert data-color="danger">
      <Paragraph>{t('common.loadFailed')}</Paragraph>
    </Alert>
  );
}

/** The way back to the plan's own page, first on every page inside a plan. */
export function BackToPlan({ plan }: { plan: Pick<Plan, 'id' | 'title'> }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('plan.breadcrumbs')} className="back-link no-print">
      <Link asChild>
        <RouterLink to={`/planer/${encodeURIComponent(plan.id)}`}>
          <span aria-hidden="true">← </span>
          {t('plan.backTo', { title: plan.title })}
        </RouterLink>
      </Link>
    </nav>
  );
}

/**
 * A part of the plan the person has not been given (myAccess `none`, or the server
 * answered 403): said plainly, with whom to ask, and never as an error.
 */
export function NoSectionAccess({ plan, heading }: { plan: Plan; heading: string }) {
  return (
    <div className="page">
      <PlanPageHeading plan={plan} title={heading} />
      <NoAccessNotice plan={plan} />
    </div>
  );
}

export function NoAccessNotice({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Alert data-color="info" className="no-access">
      <Heading level={2} data-size="xs">
        {t('plan.noAccessHeading')}
      </Heading>
      <Paragraph>{t('plan.noAccessText', { coordinator: plan.coordinator.name })}</Paragraph>
    </Alert>
  );
}

/** A plan page's heading, after the way back; the tab title names the plan too. */
export function PlanPageHeading({ plan, title }: { plan: Plan; title: string }) {
  usePageTitle(`${title} – ${plan.title}`);
  return (
    <>
      <BackToPlan plan={plan} />
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
    </>
  );
}
