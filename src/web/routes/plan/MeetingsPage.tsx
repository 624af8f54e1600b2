import '../../i18n/meetings.ts';
import '../../meetings.css';
import {
  Alert,
  Button,
  Heading,
  Link,
  Paragraph,
  Spinner,
  Tag,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { readDraft } from '../../api/drafts.ts';
import {
  calendarPath,
  formatClock,
  formatMeetingTime,
  isVideoLink,
  type Meeting,
  type MeetingSummary,
  meetingsApi,
  refreshMeetings,
  useMeeting,
  useMeetings,
} from '../../api/meetings.ts';
import { canRead, canWrite, isStatus, type Plan, useParticipants } from '../../api/plans.ts';
import { refreshTasks } from '../../api/tasks.ts';
import { StatusMessage, useProblemText } from '../../components/forms.tsx';
import { AnswerButtons } from '../../components/meetings/AnswerButtons.tsx';
import { MeetingForm, meetingDraftKey } from '../../components/meetings/MeetingForm.tsx';
import { MinutesEditor } from '../../components/meetings/MinutesEditor.tsx';
import { useFormat } from '../../components/plan/labels.ts';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

const meetingsPath = (plan: Pick<Plan, 'id'>) => `/planer/${encodeURIComponent(plan.id)}/moter`;

/**
 * /planer/:planId/moter — the plan's meetings (upcoming first) and calling a new one;
 * /planer/:planId/moter/:meetingId — one meeting: time, place, agenda, who comes, my
 * answer, and the minutes with follow-ups that can become tasks.
 */
export default function MeetingsPage() {
  return <PlanRoute>{({ plan }) => <MeetingsGate plan={plan} />}</PlanRoute>;
}

function MeetingsGate({ plan }: { plan: Plan }) {
  const { t } = useTranslation('meetings');
  const { meetingId } = useParams();
  if (!canRead(plan.myAccess.meetings)) {
    return <NoSectionAccess plan={plan} heading={t('title')} />;
  }
  return meetingId ? (
    <MeetingView key={meetingId} plan={plan} meetingId={meetingId} />
  ) : (
    <MeetingList plan={plan} />
  );
}

function MeetingList({ plan }: { plan: Plan }) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
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
          <section className="section" aria-labelledby="meetings-upcoming">
            <Heading level={2} data-size="xs" id="meetings-upcoming">
              {t('upcoming')}
            </Heading>
            {upcoming.isPending ? (
              <Spinner aria-label={tc('layout.loading')} />
            ) : upcoming.isError ? (
              <Alert data-color="warning">
                <Paragraph>{problemText(upcoming.error)}</Paragraph>
              </Alert>
            ) : upcoming.data.length === 0 ? (
              <Paragraph className="muted">{t('noUpcoming')}</Paragraph>
            ) : (
              <MeetingItems plan={plan} meetings={upcoming.data} />
            )}
          </section>
          <section className="section" aria-labelledby="meetings-past">
            <Heading level={2} data-size="xs" id="meetings-past">
              {t('past')}
            </Heading>
            {past.isPending ? (
              <Spinner aria-label={tc('layout.loading')} />
            ) : past.isError ? (
              <Alert data-color="warning">
                <Paragraph>{problemText(past.error)}</Paragraph>
              </Alert>
            ) : past.data.length === 0 ? (
              <Paragraph className="muted">{t('noPast')}</Paragraph>
            ) : (
              <MeetingItems plan={plan} meetings={past.data} />
            )}
          </section>
        </>
      )}
    </div>
  );
}

function MeetingItems({ plan, meetings }: { plan: Plan; meetings: MeetingSummary[] }) {
  const { t, i18n } = useTranslation('meetings');
  return (
    <ul className="item-list meeting-list">
      {meetings.map((meeting) => (
        <li key={meeting.id} className="item">
          <div className="item-head">
            <Heading level={3} data-size="2xs" className="item-title">
              <Link asChild>
                <RouterLink to={`${meetingsPath(plan)}/${encodeURIComponent(meeting.id)}`}>
                  {meeting.title}
                </RouterLink>
              </Link>
            </Heading>
            {meeting.status === 'cancelled' ? (
              <Tag data-color="warning" data-size="sm">
                {t('cancelled')}
              </Tag>
            ) : null}
            {meeting.invited && meeting.status !== 'cancelled' ? (
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
      ))}
    </ul>
  );
}

function MeetingView({ plan, meetingId }: { plan: Plan; meetingId: string }) {
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
  return (
    <>
      {cancelled ? (
        <Alert data-color="warning">
          <Paragraph>{t('cancelled')}</Paragraph>
        </Alert>
      ) : null}
      <dl className="facts">
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
      {canWrite(plan.myAccess.meetings) && !cancelled ? (
        <CancelMeeting plan={plan} meeting={meeting} />
      ) : null}
      <Agenda plan={plan} meeting={meeting} />
      <Invitees meeting={meeting} />
      <Minutes plan={plan} meeting={meeting} />
    </>
  );
}

function Agenda({ plan, meeting }: { plan: Plan; meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const canAdd =
    meeting.invited && meeting.status !== 'cancelled' && Date.parse(meeting.startsAt) > Date.now();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (!text.trim()) {
      setError(t('pointRequired'));
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await meetingsApi.addAgendaPoint(plan.id, meeting.id, text.trim());
      setText('');
      setStatus(t('pointAdded'));
      await refreshMeetings(queryClient, plan.id);
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="section" aria-labelledby="meeting-agenda">
      <Heading level={2} data-size="xs" id="meeting-agenda">
        {t('agenda')}
      </Heading>
      {meeting.agenda.trim() ? (
        <p className="plain-text">{meeting.agenda}</p>
      ) : (
        <Paragraph className="muted">{t('noAgenda')}</Paragraph>
      )}
      {meeting.agendaPoints.length > 0 ? (
        <>
          <Heading level={3} data-size="2xs">
            {t('agendaPoints')}
          </Heading>
          <ul className="item-list">
            {meeting.agendaPoints.map((point) => (
              <li key={point.id} className="item">
                <p className="plain-text">{point.text}</p>
                <p className="item-meta">{point.addedBy.name}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canAdd ? (
        <form className="form no-print" noValidate onSubmit={(e) => void submit(e)}>
          <Textfield
            multiline
            rows={2}
            label={t('addPoint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={error}
          />
          <div className="actions">
            <Button type="submit" variant="secondary" loading={saving}>
              {t('addPointButton')}
            </Button>
          </div>
          <StatusMessage>{status}</StatusMessage>
        </form>
      ) : null}
    </section>
  );
}

function Invitees({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  return (
    <section className="section" aria-labelledby="meeting-invitees">
      <Heading level={2} data-size="xs" id="meeting-invitees">
        {t('invitees')}
      </Heading>
      <ul className="item-list invitee-list">
        {meeting.invitees
          .filter((i) => !i.removed)
          .map((invitee) => (
            <li key={invitee.participantId} className="item">
              <span className="item-title">{invitee.name}</span>
              {invitee.function ? <span className="item-meta">, {invitee.function}</span> : null}
              <span className="invitee-answer">
                {' '}
                <Tag
                  data-size="sm"
                  data-color={
                    invitee.answer === 'yes'
                      ? 'success'
                      : invitee.answer === 'no'
                        ? 'warning'
                        : 'neutral'
                  }
                >
                  {t(`answerOf.${invitee.answer ?? 'none'}`)}
                </Tag>
              </span>
            </li>
          ))}
      </ul>
    </section>
  );
}

function Minutes({ plan, meeting }: { plan: Plan; meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const { i18n } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const participants = useParticipants(plan.id);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');
  const [failed, setFailed] = useState('');
  const [making, setMaking] = useState<number | null>(null);
  const writable = canWrite(plan.myAccess.meetings) && meeting.status !== 'cancelled';
  const started = Date.parse(meeting.startsAt) <= Date.now();
  const mayMakeTasks = canWrite(plan.myAccess.tasks);
  const minutes = meeting.minutes;
  const nameOf = (participantId: string | null) =>
    (participants.data ?? []).find((p) => p.id === participantId)?.name ?? null;

  const makeTask = async (index: number) => {
    setMaking(index);
    setFailed('');
    setStatus('');
    try {
      await meetingsApi.followupToTask(plan.id, meeting.id, index);
      setStatus(t('minutes.taskMade'));
      await Promise.all([
        refreshMeetings(queryClient, plan.id),
        refreshTasks(queryClient, plan.id),
      ]);
    } catch {
      setFailed(t('minutes.taskFailed'));
    } finally {
      setMaking(null);
    }
  };

  return (
    <section className="section minutes" aria-labelledby="meeting-minutes">
      <Heading level={2} data-size="xs" id="meeting-minutes">
        {t('minutes.heading')}
      </Heading>
      <StatusMessage>{status}</StatusMessage>
      {failed ? (
        <Alert data-color="warning">
          <Paragraph>{failed}</Paragraph>
        </Alert>
      ) : null}
      {editing ? (
        <div className="form-panel">
          <MinutesEditor
            plan={plan}
            meeting={meeting}
            participants={participants.data ?? []}
            onSaved={(saved) => {
              queryClient.setQueryData(['plans', plan.id, 'meetings', 'one', meeting.id], saved);
              void refreshMeetings(queryClient, plan.id);
              setEditing(false);
              setStatus(t('minutes.saved'));
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : (
        <>
          {!minutes ? (
            <Paragraph className="muted">
              {started ? t('minutes.none') : t('minutes.notYet')}
            </Paragraph>
          ) : (
            <>
              {minutes.approved && minutes.approvedAt ? (
                <Paragraph data-size="sm">
                  <Tag data-color="success" data-size="sm">
                    {t('minutes.approved', {
                      time: formatMeetingTime(minutes.approvedAt, i18n.language),
                      name: minutes.approvedBy?.name ?? '',
                    })}
                  </Tag>
                </Paragraph>
              ) : null}
              {minutes.text ? <p className="plain-text">{minutes.text}</p> : null}
              {minutes.decisions.length > 0 ? (
                <>
                  <Heading level={3} data-size="2xs">
                    {t('minutes.decisions')}
                  </Heading>
                  <ul>
                    {minutes.decisions.map((decision, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: decisions have no ids
                      <li key={index} className="plain-text">
                        {decision}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {minutes.followups.length > 0 ? (
                <>
                  <Heading level={3} data-size="2xs">
                    {t('minutes.followups')}
                  </Heading>
                  <ul className="item-list followup-list">
                    {minutes.followups.map((followup, index) => (
                      <li key={followup.id} className="item">
                        <p className="plain-text">{followup.text}</p>
                        <p className="item-meta">
                          {nameOf(followup.assigneeId) ?? t('minutes.nobody')}
                          {followup.dueDate
                            ? ` · ${t('tasks.dueOn', { date: format.date(followup.dueDate) })}`
                            : ''}
                        </p>
                        {followup.taskId ? (
                          <Tag data-color="success" data-size="sm">
                            {t('minutes.isTask')}
                          </Tag>
                        ) : mayMakeTasks ? (
                          <div className="actions no-print">
                            <Button
                              type="button"
                              variant="secondary"
                              data-size="sm"
                              aria-label={t('minutes.makeTaskFor', { text: followup.text })}
                              loading={making === index}
                              onClick={() => void makeTask(index)}
                            >
                              {t('minutes.makeTask')}
                            </Button>
                          </div>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          )}
          {writable && started ? (
            <div className="actions no-print">
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  setStatus('');
                  setEditing(true);
                }}
              >
                {minutes ? t('minutes.edit') : t('minutes.write')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function CancelMeeting({ plan, meeting }: { plan: Plan; meeting: Meeting }) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');

  const cancel = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const saved = await meetingsApi.cancel(plan.id, meeting.id, meeting.version);
      queryClient.setQueryData(['plans', plan.id, 'meetings', 'one', meeting.id], saved);
      setStatus(t('cancelDone'));
      await refreshMeetings(queryClient, plan.id);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="no-print">
      <StatusMessage>{status}</StatusMessage>
      {asking ? (
        <Alert data-color="warning">
          <Paragraph>{t('cancelConfirm')}</Paragraph>
          <div className="actions">
            <Button
              type="button"
              data-color="danger"
              data-size="sm"
              loading={busy}
              onClick={() => void cancel()}
            >
              {t('cancelYes')}
            </Button>
            <Button
              type="button"
              variant="tertiary"
              data-size="sm"
              onClick={() => setAsking(false)}
            >
              {tc('common.cancel')}
            </Button>
          </div>
          {failed ? <Paragraph role="alert">{t('cancelFailed')}</Paragraph> : null}
        </Alert>
      ) : (
        <div className="actions">
          <Button type="button" variant="tertiary" data-size="sm" onClick={() => setAsking(true)}>
            {t('cancel')}
          </Button>
        </div>
      )}
    </div>
  );
}
