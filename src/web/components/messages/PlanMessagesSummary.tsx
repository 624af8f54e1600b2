import { Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useUnreadInPlan } from '../../api/messages.ts';
import { canWrite, type Plan } from '../../api/plans.ts';

/**
 * The plan overview's line about messages: how many are unread and the way in. Small and
 * free of the messages pages' code, since the owner's front page shows the overview.
 */
export function PlanMessagesSummary({ plan, level }: { plan: Plan; level: 2 | 3 }) {
  const { t } = useTranslation();
  const unread = useUnreadInPlan(plan.id);
  return (
    <section className="section overview-messages no-print">
      <Heading level={level} data-size="sm">
        {t('messagesNav.link')}
      </Heading>
      <Paragraph>
        {unread > 0
          ? t('messagesNav.overviewUnread', { count: unread })
          : t('messagesNav.overviewNone')}
      </Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to={`/planer/${encodeURIComponent(plan.id)}/meldinger`}>
            {canWrite(plan.myAccess.messages)
              ? t('messagesNav.overviewOpen')
              : t('messagesNav.overviewRead')}
          </RouterLink>
        </Link>
      </Paragraph>
    </section>
  );
}
