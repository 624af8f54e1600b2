import { Link } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { Plan } from '../../api/plans.ts';
import { PlanOverview } from '../../components/plan/PlanOverview.tsx';
import { PlanRoute } from '../../components/plan/PlanShell.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** /planer/:planId — the plan in one screen: goals, what happens next, who helps. */
export default function PlanPage() {
  return <PlanRoute>{({ plan }) => <PlanView plan={plan} />}</PlanRoute>;
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  usePageTitle(plan.title);
  return (
    <div className="page plan-page">
      <nav aria-label={t('plan.breadcrumbs')} className="back-link no-print">
        <Link asChild>
          <RouterLink to="/planer">
            <span aria-hidden="true">← </span>
            {t('plan.list.title')}
          </RouterLink>
        </Link>
      </nav>
      <PlanOverview plan={plan} />
    </div>
  );
}
