import { Card, Heading, Link, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useUnread } from '../../api/messages.ts';
import type { PlanSummary } from '../../api/plans.ts';
import { useFormat, usePlanLabels } from './labels.ts';

/** Plans as cards: the title to open it, its status, the person's role, owner and coordinator. */
export function PlanList({ plans, level }: { plans: PlanSummary[]; level: 2 | 3 }) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const format = useFormat();
  const unread = useUnread();
  const unreadIn = (planId: string) =>
    unread.data?.plans.find((p) => p.planId === planId)?.unread ?? 0;
  return (
    <ul className="card-list plan-list">
      {plans.map((plan) => (
        <li key={plan.id}>
          <Card data-color="neutral">
            <Heading level={level} data-size="xs">
              <Link asChild>
                <RouterLink to={`/planer/${encodeURIComponent(plan.id)}`}>{plan.title}</RouterLink>
              </Link>
            </Heading>
            <div className="tag-row">
              <Tag data-color={plan.status === 'active' ? 'success' : 'neutral'} data-size="sm">
                {labels.status(plan.status)}
              </Tag>
              {plan.type === 'simple' ? (
                <Tag data-color="neutral" data-size="sm">
                  {labels.type(plan.type)}
                </Tag>
              ) : null}
              {unreadIn(plan.id) > 0 ? (
                <Tag data-color="info" data-size="sm">
                  {t('messagesNav.planUnread', { count: unreadIn(plan.id) })}
                </Tag>
              ) : null}
            </div>
            <dl className="mini-facts">
              {plan.myRole ? (
                <>
                  <dt>{t('plan.myRole')}</dt>
                  <dd>{labels.role(plan.myRole)}</dd>
                </>
              ) : null}
              <dt>{t('plan.owner')}</dt>
              <dd>{plan.owner.name}</dd>
              <dt>{t('plan.coordinator')}</dt>
              <dd>{plan.coordinator.name}</dd>
            </dl>
            <Paragraph data-size="sm" className="muted">
              {t('plan.updatedAt', { date: format.date(plan.updatedAt) })}
            </Paragraph>
          </Card>
        </li>
      ))}
    </ul>
  );
}
