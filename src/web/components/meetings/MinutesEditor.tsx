import {
  Alert,
  Button,
  Checkbox,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Select,
  Textfield,
} from '@digdir/designsystemet-react';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { clearDraft, draftKey, readDraft, writeDraft } from '../../api/drafts.ts';
import { type Meeting, meetingsApi } from '../../api/meetings.ts';
import { accessEnded, type Participant, type Plan } from '../../api/plans.ts';
import { FocusAlert, useProblemText } from '../forms.tsx';
import { useFormat } from '../plan/labels.ts';

type FollowupRow = { id?: string; text: string; assigneeId: string; dueDate: string };
type MinutesValues = {
  text: string;
  decisions: string;
  followups: FollowupRow[];
  approve: boolean;
};

const minutesDraftKey = (planId: string, meetingId: string) =>
  draftKey(planId, 'minutes', meetingId);

function valuesOf(meeting: Meeting): MinutesValues {
  const minutes = meeting.minutes;
  return {
    text: minutes?.text ?? '',
    decisions: (minutes?.decisions ?? []).join('\n'),
    followups: (minutes?.followups ?? []).map((f) => ({
      id: f.id,
      text: f.text,
      assigneeId: f.assigneeId ?? '',
      dueDate: f.dueDate ?? '',
    })),
    approve: false,
  };
}

/**
 * Writing the minutes (referat): the text, decisions (one a line) and follow-ups with who
 * and by when. What is typed is kept as a draft in this tab until saved.
 */
export function MinutesEditor({
  plan,
  meeting,
  participants,
  onSaved,
  onCancel,
}: {
  plan: Plan;
  meeting: Meeting;
  participants: Participant[];
  onSaved: (meeting: Meeting) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const id = useId();
  const key = minutesDraftKey(plan.id, meeting.id);
  const [restored, setRestored] = useState(() => readDraft<MinutesValues>(key));
  const [values, setValuesState] = useState<MinutesValues>(
    () => restored?.values ?? valuesOf(meeting),
  );
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const people = participants.filter((p) => !accessEnded(p) && p.access?.tasks !== 'none');

  const setValues = (next: MinutesValues) => {
    setValuesState(next);
    writeDraft(key, next);
  };
  const setFollowup = (index: number, change: Partial<FollowupRow>) =>
    setValues({
      ...values,
      followups: values.followups.map((f, i) => (i === index ? { ...f, ...change } : f)),
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await meetingsApi.putMinutes(plan.id, meeting.id, {
        version: meeting.minutes?.version ?? 0,
        text: values.text.replace(/\s+$/, ''),
        decisions: values.decisions
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        followups: values.followups
          .filter((f) => f.text.trim())
          .map((f) => ({
            ...(f.id ? { id: f.id } : {}),
            text: f.text.trim(),
            assigneeId: f.assigneeId || null,
            dueDate: f.dueDate || null,
          })),
        ...(values.approve ? { approve: true as const } : {}),
      });
      clearDraft(key);
      onSaved(saved);
    } catch (error) {
      setFailures((n) => n + 1);
      if (error instanceof ApiError && error.status === 409) setProblem(t('minutes.stale'));
      else if (error instanceof ApiError) setProblem(t('minutes.failed'));
      else setProblem(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form minutes-form" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={3} data-size="xs">
        {meeting.minutes ? t('minutes.edit') : t('minutes.write')}
      </Heading>
      {restored ? (
        <Alert data-color="info">
          <Paragraph>
            {t('minutes.restored', {
              time: format.dateTime(new Date(restored.savedAt).toISOString()),
            })}
          </Paragraph>
          <div className="actions">
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              onClick={() => {
                clearDraft(key);
                setRestored(null);
                setValuesState(valuesOf(meeting));
              }}
            >
              {t('form.discard')}
            </Button>
          </div>
        </Alert>
      ) : null}
      {problem ? (
        <FocusAlert key={failures} color="warning">
          {problem}
        </FocusAlert>
      ) : null}
      <Textfield
        id={`${id}-text`}
        multiline
        rows={6}
        label={t('minutes.text')}
        value={values.text}
        onChange={(e) => setValues({ ...values, text: e.target.value })}
      />
      <Textfield
        id={`${id}-decisions`}
        multiline
        rows={3}
        label={t('minutes.decisions')}
        description={t('minutes.decisionsHelp')}
        value={values.decisions}
        onChange={(e) => setValues({ ...values, decisions: e.target.value })}
      />
      <Fieldset>
        <Fieldset.Legend>{t('minutes.followups')}</Fieldset.Legend>
        {values.followups.map((followup, index) => {
          const n = index + 1;
          return (
            <Fieldset key={followup.id ?? `new-${index}`} className="followup-row">
              <Fieldset.Legend>{t('minutes.followup', { n })}</Fieldset.Legend>
              <Textfield
                id={`${id}-f${index}-text`}
                label={t('minutes.followupText')}
                value={followup.text}
                onChange={(e) => setFollowup(index, { text: e.target.value })}
                autoComplete="off"
              />
              <Field>
                <Label htmlFor={`${id}-f${index}-who`}>{t('minutes.assignee')}</Label>
                <Select
                  id={`${id}-f${index}-who`}
                  value={followup.assigneeId}
                  onChange={(e) => setFollowup(index, { assigneeId: e.target.value })}
                >
                  <Select.Option value="">{t('minutes.nobody')}</Select.Option>
                  {people.map((p) => (
                    <Select.Option key={p.id} value={p.id}>
                      {p.name}
                    </Select.Option>
                  ))}
                </Select>
              </Field>
              <Textfield
                id={`${id}-f${index}-due`}
                type="date"
                label={tc('plan.form.optional', { label: t('minutes.due') })}
                value={followup.dueDate}
                onChange={(e) => setFollowup(index, { dueDate: e.target.value })}
              />
              <div className="actions">
                <Button
                  type="button"
                  variant="tertiary"
                  data-size="sm"
                  onClick={() =>
                    setValues({
                      ...values,
                      followups: values.followups.filter((_, i) => i !== index),
                    })
                  }
                >
                  {t('minutes.removeFollowup', { n })}
                </Button>
              </div>
            </Fieldset>
          );
        })}
        <div className="actions">
          <Button
            type="button"
            variant="secondary"
            data-size="sm"
            onClick={() =>
              setValues({
                ...values,
                followups: [...values.followups, { text: '', assigneeId: '', dueDate: '' }],
              })
            }
          >
            {t('minutes.addFollowup')}
          </Button>
        </div>
      </Fieldset>
      {meeting.minutes?.approved ? (
        <Paragraph data-size="sm" className="muted">
          {t('minutes.approvedNote')}
        </Paragraph>
      ) : (
        <Checkbox
          label={t('minutes.approve')}
          checked={values.approve}
          onChange={(e) => setValues({ ...values, approve: e.target.checked })}
        />
      )}
      <div className="actions">
        <Button type="submit" loading={saving}>
          {t('minutes.save')}
        </Button>
        <Button type="button" variant="tertiary" onClick={onCancel}>
          {tc('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
