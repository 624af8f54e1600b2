import '../../i18n/meetingsSummary.ts';
import '../../meetings.css';
import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ANSWER_VALUES,
  type Answer,
  type MeetingSummary,
  meetingsApi,
  refreshMeetings,
} from '../../api/meetings.ts';
import { useProblemText } from '../forms.tsx';

/**
 * The invitee's answer to a meeting: Ja / Nei / Kanskje as toggle buttons (the chosen one
 * pressed), with what was recorded said in a live region.
 */
export function AnswerButtons({ meeting }: { meeting: MeetingSummary }) {
  const { t } = useTranslation('meetingsSummary');
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [busy, setBusy] = useState<Answer | null>(null);
  const [status, setStatus] = useState('');
  const [failed, setFailed] = useState('');

  const answer = async (value: Answer) => {
    if (busy) return;
    setBusy(value);
    setFailed('');
    setStatus('');
    try {
      await meetingsApi.reply(meeting.planId, meeting.id, value);
      await refreshMeetings(queryClient, meeting.planId);
      setStatus(t('answered', { answer: t(`answer.${value}`) }));
    } catch (error) {
      setFailed(problemText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="meeting-answer">
      <fieldset className="answer-buttons" aria-label={t('myAnswerFor', { title: meeting.title })}>
        {ANSWER_VALUES.map((value) => (
          <Button
            key={value}
            type="button"
            data-size="sm"
            variant={meeting.myAnswer === value ? 'primary' : 'secondary'}
            aria-pressed={meeting.myAnswer === value}
            loading={busy === value}
            onClick={() => void answer(value)}
          >
            {t(`answer.${value}`)}
          </Button>
        ))}
      </fieldset>
      <div role="status" className="status-message">
        {status ? <Paragraph data-size="sm">{status}</Paragraph> : null}
      </div>
      {failed ? (
        <Paragraph data-size="sm" role="alert">
          {failed}
        </Paragraph>
      ) : null}
    </div>
  );
}
