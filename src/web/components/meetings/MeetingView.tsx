import { Alert, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import {
  calendarPath,
  formatClock,
  formatMeetingTime,
  isVideoLink,
  type Meeting,
  useMeeting,
} from '../../api/meetings.ts';
import { canWrite, isStatus, type Plan } from '../../api/plans.ts';
import { StatusMessage, useProblemText } from '../forms.tsx';
import { NoAccessNotice } from '../plan/PlanShell.tsx';
import { usePageTitle } from '../usePageTitle.ts';
import { Agenda, Invitees } from './Agenda.tsx';
import { AnswerButtons } from './AnswerButtons.tsx';
import { MeetingActions } from './MeetingActions.tsx';
import { Minutes } from './Minutes.tsx';
import { meetingsPath } from './paths.ts';

/**
 * One meeting: time, place, agenda, who comes, my answer, and the minutes with follow-ups
 * that can become tasks; changing and cancelling it for those who may write meetings.
 */
export function MeetingView({ plan, meetingId }: { plan: Plan; meetingId: string }) {
  const { t, i18n } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const problemText = useProblemText();
  const query = useMeeting(plan.id, meetingId);
  const meeting = query.data;
  usePageTitle(`${meeting?.title ?? t('title')} – ${plan.title}`);

  return (
    <div className="page meetings-page">
      <nav aria-label={tc('plan.breadcrumbs')} className="back-link no-print">
        <Link asChild>
          <RouterLink to={meetingsPath(plan)}>
            <span aria-hidden="true">← </span>
            {t('back')}
          </RouterLink>
        </Link>
      </nav>
      <Heading level={1} data-size="lg">
        {meeting?.title ?? t('title')}
      </Heading>
      {query.isPending ? (
        <Spinner aria-label={tc('layout.loading')} />
      ) : query.isError ? (
        isStatus(query.error, 404) ? (
          <Paragraph>{t('notFound')}</Paragraph>
        ) : isStatus(query.error, 403) ? (
          <NoAccessNotice plan={plan} />
        ) : (
          <Alert data-color="warning">
            <Paragraph>{problemText(query.error)}</Paragraph>
          </Alert>
        )
      ) : meeting ? (
        <MeetingDetails plan={plan} meeting={meeting} language={i18n.language} />
      ) : null}
    </div>
  );
}

function MeetingDetails({
  plan,
  meeting,
  language,
}: {
  plan: Plan;
  meeting: Meeting;
  language: string;
}) {
  const { t } = useTranslation('meetings');
  const cancelled = meeting.status === 'cancelled';
  const [status, setStatus] = useState('');
  const [justCancelled, setJustCancelled] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  // After cancelling here, focus goes to the notice that says so (the buttons are gone).
  useEffect(() => {
    if (justCancelled && cancelled) {
      setJustCancelled(false);
      noticeRef.current?.focus();
    }
  }, [justCancelled, cancelled]);

  return (
    <>
      {cancelled ? (
        <Alert
          ref={noticeRef}
          tabIndex={-1}
          data-color="warning"
          className="meeting-cancelled-notice focus-alert"
        >
          <Heading level={2} data-size="xs">
            {t('cancelledHeading')}
          </Heading>
          <Paragraph>
            {meeting.cancelledAt
              ? t('cancelledAt', { time: formatMeetingTime(meeting.cancelledAt, language) })
              : t('cancelledText')}
          </Paragraph>
        </Alert>
      ) : null}
      <dl className={cancelled ? 'facts meeting-facts-cancelled' : 'facts'}>
        <dt>{t('when')}</dt>
        <dd>
          {formatMeetingTime(meeting.startsAt, language)}–{formatClock(meeting.endsAt, language)}
        </dd>
        <dt>{t('where')}</dt>
        <dd className="plain-text">
          {isVideoLink(meeting.location) ? (
            <Link href={meeting.location.trim()} rel="noopener noreferrer" target="_blank">
              {t('video')}: {meeting.location.trim()}
            </Link>
          ) : (
            meeting.location
          )}
        </dd>
      </dl>
      <Paragraph data-size="sm" className="muted">
        {t('calledBy', { name: meeting.createdBy.name })}
      </Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {canWrite(plan.myAccess.meetings) && !cancelled ? (
        <MeetingActions
          plan={plan}
          meeting={meeting}
          onStatus={setStatus}
          onCancelled={() => setJustCancelled(true)}
        />
      ) : null}
      {cancelled ? null : (
        <Paragraph className="no-print">
          <Link href={calendarPath(plan.id, meeting.id)} download>
            {t('addToCalendar')}
          </Link>
        </Paragraph>
      )}
      {meeting.invited && !cancelled ? (
        <section className="section" aria-labelledby="my-answer">
          <Heading level={2} data-size="xs" id="my-answer">
            {t('myAnswer')}
          </Heading>
          <AnswerButtons meeting={meeting} />
        </section>
      ) : null}
      <Agenda plan={plan} meeting={meeting} />
      <Invitees meeting={meeting} />
      <Minutes plan={plan} meeting={meeting} />
    </>
  );
}
