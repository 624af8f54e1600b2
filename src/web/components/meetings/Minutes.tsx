import { Alert, Button, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatMeetingTime,
  type Meeting,
  meetingKeys,
  meetingsApi,
  refreshMeetings,
} from '../../api/meetings.ts';
import { canWrite, type Plan, useParticipants } from '../../api/plans.ts';
import { refreshTasks } from '../../api/tasks.ts';
import { StatusMessage } from '../forms.tsx';
import { useFormat } from '../plan/labels.ts';
import { MinutesEditor } from './MinutesEditor.tsx';

/**
 * The minutes of a meeting: text, decisions and follow-ups (each can become a task), and
 * writing or changing them once the meeting has started.
 */
export function Minutes({ plan, meeting }: { plan: Plan; meeting: Meeting }) {
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
              queryClient.setQueryData(meetingKeys.one(plan.id, meeting.id), saved);
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
