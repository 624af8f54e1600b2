import { Alert, Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { type Me, mayCreatePlans } from '../../api/me.ts';
import { usePlans } from '../../api/plans.ts';
import { useProblemText } from '../../components/forms.tsx';
import { PlanList } from '../../components/plan/PlanList.tsx';
import { RequireLogin } from '../../components/RequireLogin.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

export default function PlansPage() {
  const { t } = useTranslation();
  usePageTitle(t('plan.list.title'));
  return <RequireLogin>{(me) => <Plans me={me} />}</RequireLogin>;
}

function Plans({ me }: { me: Me }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const plans = usePlans();
  const items = plans.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page page-wide">
      <Heading level={1} data-size="lg">
        {t('plan.list.title')}
      </Heading>
      {mayCreatePlans(me) ? (
        <div className="actions">
          <Button asChild>
            <RouterLink to="/planer/ny">{t('plan.list.new')}</RouterLink>
          </Button>
        </div>
      ) : null}
      {plans.isPending ? (
        <Spinner aria-label={t('layout.loading')} />
      ) : plans.isError ? (
        <Alert data-color="warning">
          <Paragraph>{problemText(plans.error)}</Paragraph>
        </Alert>
      ) : items.length === 0 ? (
        <Paragraph>{mayCreatePlans(me) ? t('plan.list.noneStaff') : t('plan.list.none')}</Paragraph>
      ) : (
        <>
          <PlanList plans={items} level={2} />
          {plans.hasNextPage ? (
            <div className="actions">
              <Button
                variant="secondary"
                loading={plans.isFetchingNextPage}
                onClick={() => void plans.fetchNextPage()}
              >
                {t('plan.list.more')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
