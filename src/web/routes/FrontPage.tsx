import {
  Button,
  Card,
  Heading,
  Link,
  List,
  Paragraph,
  Spinner,
} from '@digdir/designsystemet-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import {
  type Me,
  mayAdministerPeople,
  mayCreatePlans,
  mayReviewAuditFlags,
  useMe,
} from '../api/me.ts';
import { useConsentRequests, usePlans } from '../api/plans.ts';
import { PlanList } from '../components/plan/PlanList.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

// The plan itself comes as its own chunk, only for a person with exactly one plan.
const PlanOverviewById = lazy(() => import('../components/plan/PlanOverview.tsx'));
// A plan waiting for the person's consent is rare: its card is a chunk of its own too.
const ConsentRequests = lazy(() => import('../components/plan/ConsentRequests.tsx'));

export default function FrontPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  usePageTitle(t('front.title'));

  if (me) return <Welcome me={me} />;

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('front.heading')}
      </Heading>
      <Paragraph data-size="lg">{t('front.intro')}</Paragraph>
      {me === null ? (
        <div className="actions">
          <Button asChild>
            <RouterLink to="/logg-inn">{t('front.login')}</RouterLink>
          </Button>
        </div>
      ) : null}
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

/**
 * The front page of a logged-in person. Most owners have one plan: it is shown right here,
 * so the plan is the first thing they see. With several plans, the list; then what else
 * they can do.
 */
function Welcome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const plans = usePlans();
  const items = plans.data?.pages.flatMap((page) => page.items) ?? [];
  const requests = useConsentRequests();
  const waiting = requests.data ?? [];
  // Once shown, the cards stay mounted, so the thanks after consenting is read out.
  const [hadRequests, setHadRequests] = useState(false);
  useEffect(() => {
    if (waiting.length > 0) setHadRequests(true);
  }, [waiting.length]);
  // The owner (or a guardian) with one plan goes straight to it; staff get the list.
  const only = items.length === 1 && !plans.hasNextPage ? items[0] : undefined;
  const single = only && (only.myRole === 'owner' || only.myRole === 'guardian') ? only : undefined;
  const links = [
    ...(mayCreatePlans(me)
      ? [
          { to: '/planer', title: t('front.linkPlans'), text: t('front.linkPlansText') },
          { to: '/planer/ny', title: t('front.linkNewPlan'), text: t('front.linkNewPlanText') },
        ]
      : []),
    ...(mayAdministerPeople(me)
      ? [
          { to: '/personer/ny', title: t('front.linkRegister'), text: t('front.linkRegisterText') },
          { to: '/personer', title: t('front.linkSearch'), text: t('front.linkSearchText') },
        ]
      : []),
    ...(mayReviewAuditFlags(me)
      ? [
          {
            to: '/uvanlig-lesing',
            title: t('front.linkAuditFlags'),
            text: t('front.linkAuditFlagsText'),
          },
        ]
      : []),
    { to: '/min-profil', title: t('front.linkProfile'), text: t('front.linkProfileText') },
  ];

  // The page appears once the plans are known, so it does not shift under the person.
  if (plans.isPending) return <Spinner aria-label={t('layout.loading')} />;

  return (
    <div className="page">
      <Heading level={1} data-size="lg">
        {t('front.hello', { name: me.name })}
      </Heading>
      {waiting.length > 0 || hadRequests ? (
        <Suspense fallback={<Spinner aria-label={t('layout.loading')} />}>
          <ConsentRequests requests={waiting} />
        </Suspense>
      ) : null}
      {plans.isError ? (
        <Paragraph>{t('front.plansFailed')}</Paragraph>
      ) : single ? (
        <Suspense fallback={<Spinner aria-label={t('layout.loading')} />}>
          <PlanOverviewById planId={single.id} />
        </Suspense>
      ) : items.length > 0 ? (
        <section className="section-plain" aria-labelledby="front-plans">
          <Heading level={2} data-size="sm" id="front-plans">
            {t('front.plansHeading')}
          </Heading>
          <PlanList plans={items} level={3} />
          {plans.hasNextPage ? (
            <Paragraph>
              <Link asChild>
                <RouterLink to="/planer">{t('front.allPlans')}</RouterLink>
              </Link>
            </Paragraph>
          ) : null}
        </section>
      ) : mayCreatePlans(me) || waiting.length > 0 ? null : (
        <Paragraph>{t('front.noPlans')}</Paragraph>
      )}
      <section className="section-plain" aria-labelledby="front-more">
        <Heading level={2} data-size="sm" id="front-more">
          {items.length > 0 ? t('front.moreHeading') : t('front.helloIntro')}
        </Heading>
        <ul className="card-list">
          {links.map((link) => (
            <li key={link.to}>
              <Card data-color="neutral">
                <Heading level={3} data-size="xs">
                  <Link asChild>
                    <RouterLink to={link.to}>{link.title}</RouterLink>
                  </Link>
                </Heading>
                <Paragraph>{link.text}</Paragraph>
              </Card>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
