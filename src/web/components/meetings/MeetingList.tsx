import {
  Alert,
  Button,
  Heading,
  Link,
  Paragraph,
  Spinner,
  Tag,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { readDraft } from '../../api/drafts.ts';
import {
  formatClock,
  formatMeetingTime,
  type MeetingSummary,
  refreshMeetings,
  useMeetings,
} from '../../api/meetings.ts';
import { canWrite, isStatus, type Plan } from '../../api/plans.ts';
import { StatusMessage, useProblemText } from '../forms.tsx';
import { NoAccessNotice, PlanPageHeading } from '../plan/PlanShell.tsx';
import { MeetingForm } from './MeetingForm.tsx';
import { meetingDraftKey } from './meetingFormModel.ts';
import { meetingPath } from './paths.ts';

/**
 * The plan's meetings, upcoming (soonest first) and past, and "Kall inn til møte" for those
 * who may write meetings. An unsent call-in kept as a draft opens the form again.
 */
export function MeetingList({ plan }: { plan: Plan }) {
  const { t } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const writable = canWrite(plan.myAccess.meetings);
  const upcoming = useMeetings(plan.id, 'upcoming');
  const past = useMeetings(plan.id, 'past');
  const [open, setOpen] = useState<'restored' | 'clicked' | null>(() =>
    writable && readDraft(meetingDraftKey(plan.id)) !== null ? 'restored' : null,
  );
  const [status, setStatus] = useState('');
  const newRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    if (open === null && refocus.current) {
      refocus.current = false;
      newRef.current?.focus();
    }
  }, [open]);

  const close = () => {
    refocus.current = true;
    setOpen(null);
  };

  return (
    <div className="page meetings-page">
      <PlanPageHeading plan={plan} title={t('title')} />
      <Paragraph>{t('intro')}</Paragraph>
      <StatusMessage>{status}</StatusMessage>
      {writable ? (
        open ? (
          <div className="form-panel">
            <MeetingForm
              plan={plan}
              autoFocus={open === 'clicked'}
              onSent={() => {
                void refreshMeetings(queryClient, plan.id);
                setStatus(t('form.sent'));
                close();
              }}
              onCancel={close}
            />
          </div>
        ) : (
          <div className="actions no-print">
            <Button
              ref={newRef}
              onClick={() => {
                setStatus('');
                setOpen('clicked');
              }}
            >
              {t('callMeeting')}
            </Button>
          </div>
        )
      ) : null}
      {upcoming.isError && isStatus(upcoming.error, 403) ? (
        <NoAccessNotice plan={plan} />
      ) : (
        <>
          <MeetingSection
            plan={plan}
            id="meetings-upcoming"
            heading={t('upcoming')}
            empty={t('noUpcoming')}
            query={upcoming}
          />
          <MeetingSection
            plan={plan}
            id="meetings-past"
            heading={t('past')}
            empty={t('noPast')}
            query={past}
          />
        </>
      )}
    </div>
  );
}

function MeetingSection({
  plan,
  id,
  heading,
  empty,
  query,
}: {
  plan: Plan;
  id: string;
  heading: string;
  empty: string;
  query: ReturnType<typeof useMeetings>;
}) {
  const { t: tc } = useTranslation();
  const problemText = useProblemText();
  return (
    <section className="section" aria-labelledby={id}>
      <Heading level={2} data-size="xs" id={id}>
        {heading}
      </Heading>
      {query.isPending ? (
        <Spinner aria-label={tc('layout.loading')} />
      ) : query.isError ? (
        <Alert data-color="warning">
          <Paragraph>{problemText(query.error)}</Paragraph>
        </Alert>
      ) : query.data.length === 0 ? (
        <Paragraph className="muted">{empty}</Paragraph>
      ) : (
        <MeetingItems plan={plan} meetings={query.data} />
      )}
    </section>
  );
}

function MeetingItems({ plan, meetings }: { plan: Plan; meetings: MeetingSummary[] }) {
  const { t, i18n } = useTranslation('meetings');
  return (
    <ul className="item-list meeting-list">
      {meetings.map((meeting) => {
        const cancelled = meeting.status === 'cancelled';
        return (
          <li key={meeting.id} className={cancelled ? 'item meeting-cancelled' : 'item'}>
            <div className="item-head">
              <Heading level={3} data-size="2xs" className="item-title">
                <Link asChild>
                  <RouterLink to={meetingPath(plan, meeting.id)}>{meeting.title}</RouterLink>
                </Link>
              </Heading>
              {cancelled ? (
                <Tag data-color="warning" data-size="sm">
                  {t('cancelled')}
                </Tag>
              ) : null}
              {meeting.invited && !cancelled ? (
                <Tag data-color="neutral" data-size="sm">
                  {meeting.myAnswer
                    ? t('yourAnswerIs', { answer: t(`answer.${meeting.myAnswer}`) })
                    : t('answerOf.none')}
                </Tag>
              ) : null}
            </div>
            <p className="item-meta">
              {formatMeetingTime(meeting.startsAt, i18n.language)}–
              {formatClock(meeting.endsAt, i18n.language)} · {meeting.location}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
