import '../../i18n/meetingsSummary.ts';
import { Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { formatMeetingTime, useNextMeeting } from '../../api/meetings.ts';
import { canRead, type Plan } from '../../api/plans.ts';
import { useMyTasks } from '../../api/tasks.ts';
import { useFormat } from '../plan/labels.ts';
import { AnswerButtons } from './AnswerButtons.tsx';

const planPath = (plan: Pick<Plan, 'id'>, page: string) =>
  `/planer/${encodeURIComponent(plan.id)}/${page}`;

/**
 * The plan overview's next meeting (with the answer buttons for an invitee) and the
 * person's open tasks in the plan. Small: the owner's front page shows it.
 */
export function PlanWorkSummary({ plan, level }: { plan: Plan; level: 2 | 3 }) {
  const meetings = canRead(plan.myAccess.meetings);
  const tasks = canRead(plan.myAccess.tasks);
  return (
    <>
      {meetings ? <NextMeeting plan={plan} level={level} /> : null}
      {tasks ? <MyOpenTasks plan={plan} level={level} /> : null}
    </>
  );
}

function NextMeeting({ plan, level }: { plan: Plan; level: 2 | 3 }) {
  const { t, i18n } = useTranslation('meetingsSummary');
  const { t: tc } = useTranslation();
  const next = useNextMeeting(plan.id);
  const meeting = next.data;
  return (
    <section className="section overview-meeting">
      <Heading level={level} data-size="sm">
        {t('next')}
      </Heading>
      {next.isPending ? (
        <Spinner aria-label={tc('layout.loading')} data-size="sm" />
      ) : next.isError ? (
        <Paragraph className="muted">{tc('plan.overview.partFailed')}</Paragraph>
      ) : !meeting ? (
        <Paragraph className="muted">{t('noNext')}</Paragraph>
      ) : (
        <div className="item">
          <div className="item-head">
            <Link asChild>
              <RouterLink to={planPath(plan, `moter/${encodeURIComponent(meeting.id)}`)}>
                {meeting.title}
              </RouterLink>
            </Link>
          </div>
          <dl className="mini-facts">
            <dt>{t('when')}</dt>
            <dd>{formatMeetingTime(meeting.startsAt, i18n.language)}</dd>
            <dt>{t('where')}</dt>
            <dd className="plain-text">{meeting.location}</dd>
          </dl>
          {meeting.invited ? <AnswerButtons meeting={meeting} /> : null}
        </div>
      )}
      <Paragraph className="no-print">
        <Link asChild>
          <RouterLink to={planPath(plan, 'moter')}>{t('allMeetings')}</RouterLink>
        </Link>
      </Paragraph>
    </section>
  );
}

function MyOpenTasks({ plan, level }: { plan: Plan; level: 2 | 3 }) {
  const { t } = useTranslation('meetingsSummary');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const mine = useMyTasks();
  const here = (mine.data ?? []).filter((task) => task.planId === plan.id);
  return (
    <section className="section overview-tasks">
      <Heading level={level} data-size="sm">
        {t('myOpen')}
      </Heading>
      {mine.isPending ? (
        <Spinner aria-label={tc('layout.loading')} data-size="sm" />
      ) : mine.isError ? (
        <Paragraph className="muted">{tc('plan.overview.partFailed')}</Paragraph>
      ) : here.length === 0 ? (
        <Paragraph className="muted">{t('noneMine')}</Paragraph>
      ) : (
        <ul className="item-list">
          {here.map((task) => (
            <li key={task.id} className="item">
              <span className="item-title">{task.title}</span>
              {task.dueDate ? (
                <span className="item-meta">
                  {' '}
                  {t('dueOn', { date: format.date(task.dueDate) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Paragraph className="no-print">
        <Link asChild>
          <RouterLink to={planPath(plan, 'oppgaver')}>{t('allTasks')}</RouterLink>
        </Link>{' '}
        ·{' '}
        <Link asChild>
          <RouterLink to="/oppgaver">{t('myTasks')}</RouterLink>
        </Link>
      </Paragraph>
    </section>
  );
}
