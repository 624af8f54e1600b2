import { Button, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Meeting, meetingsApi, refreshMeetings } from '../../api/meetings.ts';
import type { Plan } from '../../api/plans.ts';
import { StatusMessage, useProblemText } from '../forms.tsx';

/** The agenda, the points invitees sent in, and (before the start) adding one. */
export function Agenda({ plan, meeting }: { plan: Plan; meeting: Meeting }) {
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

/** Who is invited (not those removed since) and what each has answered. */
export function Invitees({ meeting }: { meeting: Meeting }) {
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
              {invitee.function ? <span className="item-meta">{invitee.function}</span> : null}
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
