import {
  Alert,
  Button,
  Heading,
  Link,
  Paragraph,
  Spinner,
  Tag,
} from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import {
  accessEnded,
  canRead,
  type Goal,
  type Measure,
  type Participant,
  type Plan,
  planAbilities,
  SECTION_ROUTES,
  type Section,
  useAllItems,
  useParticipants,
  usePlan,
} from '../../api/plans.ts';
import { PlanWorkSummary } from '../meetings/PlanWorkSummary.tsx';
import { PlanMessagesSummary } from '../messages/PlanMessagesSummary.tsx';
import { functionLine, isDone, today, useFormat, useItemStatus, usePlanLabels } from './labels.ts';

type Level = 1 | 2;

const planPath = (plan: Pick<Plan, 'id'>, page?: string) =>
  `/planer/${encodeURIComponent(plan.id)}${page ? `/${page}` : ''}`;

/** The plan in one screen on a phone, loaded by id (the front page of a person with one plan). */
export default function PlanOverviewById({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const plan = usePlan(planId);
  if (plan.isPending) return <Spinner aria-label={t('layout.loading')} />;
  if (plan.isError) {
    return (
      <Alert data-color="warning">
        <Paragraph>{t('common.loadFailed')}</Paragraph>
      </Alert>
    );
  }
  return <PlanOverview plan={plan.data} level={2} linkTitle />;
}

/**
 * What the owner needs first, in this order: the plan and its status, the next revision,
 * my goals, what happens next and who is responsible, and who helps me with what. Parts
 * the person has no access to are left out (not shown as broken).
 */
export function PlanOverview({
  plan,
  level = 1,
  linkTitle = false,
}: {
  plan: Plan;
  level?: Level;
  linkTitle?: boolean;
}) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const format = useFormat();
  const sub = (level + 1) as 2 | 3;
  const abilities = planAbilities(plan);
  const participants = useParticipants(plan.id);
  const isIp = plan.type === 'ip';
  const revisionOverdue =
    plan.status === 'active' && !!plan.period.nextRevision && plan.period.nextRevision < today();

  return (
    <div className="plan-overview">
      <div className="plan-head">
        <Heading level={level} data-size={level === 1 ? 'lg' : 'md'}>
          {linkTitle ? (
            <Link asChild>
              <RouterLink to={planPath(plan)}>{plan.title}</RouterLink>
            </Link>
          ) : (
            plan.title
          )}
        </Heading>
        <div className="tag-row">
          <Tag data-color={plan.status === 'active' ? 'success' : 'neutral'} data-size="sm">
            {labels.status(plan.status)}
          </Tag>
          <Tag data-color="neutral" data-size="sm">
            {labels.type(plan.type)}
          </Tag>
        </div>
      </div>

      {plan.status === 'draft' && abilities.updatePlan ? <DraftNotice plan={plan} /> : null}

      <dl className="facts plan-facts">
        <dt>{t('plan.owner')}</dt>
        <dd>{plan.owner.name}</dd>
        <dt>{t('plan.coordinator')}</dt>
        <dd>{plan.coordinator.name}</dd>
        {isIp ? (
          <>
            <dt>{t('plan.nextRevision')}</dt>
            <dd>
              {plan.period.nextRevision ? (
                format.date(plan.period.nextRevision)
              ) : (
                <span className="muted">{t('plan.notSet')}</span>
              )}
              {revisionOverdue ? (
                <>
                  {' '}
                  <Tag data-color="warning" data-size="sm">
                    {t('plan.overdue')}
                  </Tag>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {plan.period.start || plan.period.end ? (
          <>
            <dt>{t('plan.period')}</dt>
            <dd>
              {t('plan.fromTo', {
                from: format.date(plan.period.start) || '…',
                to: format.date(plan.period.end) || '…',
              })}
            </dd>
          </>
        ) : null}
      </dl>

      {canRead(plan.myAccess.messages) ? <PlanMessagesSummary plan={plan} level={sub} /> : null}
      <PlanWorkSummary plan={plan} level={sub} />
      {canRead(plan.myAccess.goals) ? <GoalsSummary plan={plan} level={sub} /> : null}
      {canRead(plan.myAccess.measures) ? (
        <MeasuresSummary plan={plan} level={sub} participants={participants.data} />
      ) : null}
      <TeamSummary plan={plan} level={sub} participants={participants} />
      <MoreInPlan plan={plan} level={sub} />
      <div className="actions no-print">
        <Button variant="secondary" onClick={() => window.print()}>
          {t('plan.print')}
        </Button>
        <Link href={`/api/plans/${encodeURIComponent(plan.id)}/export.pdf`} download>
          {t('plan.downloadPdf')}
        </Link>
      </div>
      <Paragraph className="print-only">
        {t('plan.printedOn', { date: format.date(today()) })}
      </Paragraph>
    </div>
  );
}

function DraftNotice({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Alert data-color="info" className="no-print">
      <Paragraph>{t('plan.draftNotice')}</Paragraph>
      <ul className="link-list">
        <li>
          <Link asChild>
            <RouterLink to={planPath(plan, 'team')}>{t('plan.draftTeam')}</RouterLink>
          </Link>
        </li>
        <li>
          <Link asChild>
            <RouterLink to={planPath(plan, SECTION_ROUTES.consents)}>
              {t('plan.draftConsent')}
            </RouterLink>
          </Link>
        </li>
      </ul>
    </Alert>
  );
}

function Part({
  level,
  title,
  children,
  more,
  className,
}: {
  level: 2 | 3;
  title: string;
  children: ReactNode;
  more?: ReactNode;
  className?: string;
}) {
  return (
    <section className={`section ${className ?? ''}`}>
      <Heading level={level} data-size="sm">
        {title}
      </Heading>
      {children}
      {more ? <Paragraph className="no-print">{more}</Paragraph> : null}
    </section>
  );
}

function MoreLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link asChild>
      <RouterLink to={to}>{children}</RouterLink>
    </Link>
  );
}

/** Main goals with their sub-goals under them, oldest first (the order they were set). */
export function goalTree(goals: Goal[]): { goal: Goal; children: Goal[] }[] {
  const ids = new Set(goals.map((g) => g.id));
  const byAge = [...goals].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return byAge
    .filter((g) => !g.parentId || !ids.has(g.parentId))
    .map((goal) => ({ goal, children: byAge.filter((c) => c.parentId === goal.id) }));
}

function GoalsSummary({ plan, level }: { plan: Plan; level: 2 | 3 }) {
  const { t } = useTranslation();
  const goals = useAllItems(plan.id, 'goals', true);
  const status = useItemStatus();
  const format = useFormat();

  const line = (goal: Goal) => (
    <>
      <span className="item-title">{goal.title}</span>{' '}
      {goal.status ? (
        <Tag data-color={status.color(goal.status)} data-size="sm">
          {status.label(goal.status)}
        </Tag>
      ) : null}
      {goal.targetDate ? (
        <span className="item-meta">
          {t('plan.goals.targetDateShort', { date: format.date(goal.targetDate) })}
        </span>
      ) : null}
    </>
  );

  return (
    <Part
      level={level}
      title={t('plan.overview.goalsHeading')}
      className="overview-goals"
      more={
        <MoreLink to={planPath(plan, SECTION_ROUTES.goals)}>
          {t('plan.overview.goalsMore')}
        </MoreLink>
      }
    >
      {goals.isPending ? (
        <Spinner aria-label={t('layout.loading')} data-size="sm" />
      ) : goals.isError ? (
        <Paragraph className="muted">{t('plan.overview.partFailed')}</Paragraph>
      ) : goals.data.length === 0 ? (
        <Paragraph className="muted">{t('plan.overview.noGoals')}</Paragraph>
      ) : (
        <ul className="goal-tree">
          {goalTree(goals.data).map(({ goal, children }) => (
            <li key={goal.id}>
              <div className="goal-line">{line(goal)}</div>
              {children.length > 0 ? (
                <ul aria-label={t('plan.goals.subGoalsOf', { title: goal.title })}>
                  {children.map((child) => (
                    <li key={child.id}>
                      <div className="goal-line">{line(child)}</div>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Part>
  );
}

/** Open measures first, by start date; finished ones only counted. */
function MeasuresSummary({
  plan,
  level,
  participants,
}: {
  plan: Plan;
  level: 2 | 3;
  participants: Participant[] | undefined;
}) {
  const { t } = useTranslation();
  const measures = useAllItems(plan.id, 'measures', true);
  const open = (measures.data ?? [])
    .filter((m) => !isDone(m.status))
    .sort((a, b) => (a.startDate ?? '9999').localeCompare(b.startDate ?? '9999'));
  const done = (measures.data?.length ?? 0) - open.length;

  return (
    <Part
      level={level}
      title={t('plan.overview.measuresHeading')}
      className="overview-measures"
      more={
        <MoreLink to={planPath(plan, SECTION_ROUTES.measures)}>
          {done > 0
            ? t('plan.overview.measuresMoreDone', { count: done })
            : t('plan.overview.measuresMore')}
        </MoreLink>
      }
    >
      {measures.isPending ? (
        <Spinner aria-label={t('layout.loading')} data-size="sm" />
      ) : measures.isError ? (
        <Paragraph className="muted">{t('plan.overview.partFailed')}</Paragraph>
      ) : open.length === 0 ? (
        <Paragraph className="muted">{t('plan.overview.noMeasures')}</Paragraph>
      ) : (
        <ul className="item-list">
          {open.map((measure) => (
            <li key={measure.id} className="item">
              <MeasureFacts measure={measure} participants={participants} />
            </li>
          ))}
        </ul>
      )}
    </Part>
  );
}

/** A measure's title, status, who is responsible and when: shared with the measures page. */
export function MeasureFacts({
  measure,
  participants,
  headingLevel,
  hideTitle = false,
}: {
  measure: Measure;
  participants: Participant[] | undefined;
  headingLevel?: 2 | 3 | 4;
  /** The title is shown elsewhere (the measures page has it as the item's heading). */
  hideTitle?: boolean;
}) {
  const { t } = useTranslation();
  const status = useItemStatus();
  const format = useFormat();
  const responsible = participants?.find((p) => p.id === measure.responsibleParticipantId);
  const overdue = !!measure.endDate && measure.endDate < today() && !isDone(measure.status);
  const when =
    measure.startDate || measure.endDate
      ? t('plan.fromTo', {
          from: format.date(measure.startDate) || '…',
          to: format.date(measure.endDate) || '…',
        })
      : null;

  return (
    <>
      <div className="item-head">
        {hideTitle ? null : headingLevel ? (
          <Heading level={headingLevel} data-size="xs" className="item-title">
            {measure.title}
          </Heading>
        ) : (
          <span className="item-title">{measure.title}</span>
        )}
        {measure.status ? (
          <Tag data-color={status.color(measure.status)} data-size="sm">
            {status.label(measure.status)}
          </Tag>
        ) : null}
        {overdue ? (
          <Tag data-color="warning" data-size="sm">
            {t('plan.overdue')}
          </Tag>
        ) : null}
      </div>
      <dl className="mini-facts">
        <dt>{t('plan.measures.responsible')}</dt>
        <dd>
          {responsible ? (
            <>
              {responsible.name}
              {functionLine(responsible) ? `, ${functionLine(responsible)}` : ''}
            </>
          ) : (
            <span className="muted">{t('plan.measures.noResponsible')}</span>
          )}
        </dd>
        <dt>{t('plan.measures.when')}</dt>
        <dd>{when ?? <span className="muted">{t('plan.notSet')}</span>}</dd>
      </dl>
    </>
  );
}

function TeamSummary({
  plan,
  level,
  participants,
}: {
  plan: Plan;
  level: 2 | 3;
  participants: ReturnType<typeof useParticipants>;
}) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const team = (participants.data ?? []).filter((p) => !accessEnded(p));
  return (
    <Part
      level={level}
      title={t('plan.overview.teamHeading')}
      className="overview-team"
      more={<MoreLink to={planPath(plan, 'team')}>{t('plan.overview.teamMore')}</MoreLink>}
    >
      {participants.isPending ? (
        <Spinner aria-label={t('layout.loading')} data-size="sm" />
      ) : participants.isError ? (
        <Paragraph className="muted">{t('plan.overview.partFailed')}</Paragraph>
      ) : (
        <ul className="item-list team-list">
          {team.map((person) => (
            <li key={person.id} className="item">
              <div className="item-head">
                <span className="item-title">{person.name}</span>
              </div>
              <p className="item-meta">{whatTheyAre(person, labels.role(person.role))}</p>
              {person.responsibility ? <p className="plain-text">{person.responsibility}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Part>
  );
}

/**
 * "Fysioterapeut, Demo kommune"; a relative's or guardian's role is added ("Mor (Foresatt
 * eller verge)") unless the function already says it ("Koordinator, Demo kommune").
 */
function whatTheyAre(person: Participant, role: string): string {
  const line = functionLine(person);
  if (!line) return role;
  const said = person.functionTitle?.toLocaleLowerCase() === role.toLocaleLowerCase();
  return person.role === 'professional' || said ? line : `${line} (${role})`;
}

function MoreInPlan({ plan, level }: { plan: Plan; level: 2 | 3 }) {
  const { t } = useTranslation();
  const labels = usePlanLabels();
  const abilities = planAbilities(plan);
  const sections: (keyof typeof SECTION_ROUTES & Section)[] = [
    'aboutMe',
    'goals',
    'measures',
    'contributions',
    'cooperation',
    'evaluations',
    'log',
    'consents',
  ];
  const links = [
    ...sections
      .filter((section) => plan.type === 'ip' || section === 'consents')
      .filter((section) => canRead(plan.myAccess[section]))
      .map((section) => ({
        to: planPath(plan, SECTION_ROUTES[section]),
        text: labels.section(section),
      })),
    ...(canRead(plan.myAccess.messages)
      ? [{ to: planPath(plan, 'meldinger'), text: labels.section('messages') }]
      : []),
    ...(['meetings', 'tasks', 'documents'] as const)
      .filter((section) => canRead(plan.myAccess[section]))
      .map((section) => ({
        to: planPath(
          plan,
          { meetings: 'moter', tasks: 'oppgaver', documents: 'dokumenter' }[section],
        ),
        text: labels.section(section),
      })),
    { to: planPath(plan, 'team'), text: t('plan.team.title') },
    ...(abilities.readAccessLog
      ? [{ to: planPath(plan, 'innsyn'), text: t('plan.accessLog.title') }]
      : []),
    ...(abilities.updatePlan ? [{ to: planPath(plan, 'endre'), text: t('plan.edit.title') }] : []),
  ];
  return (
    <nav aria-label={t('plan.overview.moreHeading')} className="section no-print">
      <Heading level={level} data-size="sm">
        {t('plan.overview.moreHeading')}
      </Heading>
      <ul className="link-grid">
        {links.map((link) => (
          <li key={link.to}>
            <Link asChild>
              <RouterLink to={link.to}>{link.text}</RouterLink>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
