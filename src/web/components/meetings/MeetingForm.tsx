import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Heading,
  Paragraph,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsOf } from '../../api/client.ts';
import { draftKey } from '../../api/drafts.ts';
import { type Meeting, meetingsApi, type NewMeeting } from '../../api/meetings.ts';
import { accessEnded, type Participant, type Plan, useParticipants } from '../../api/plans.ts';
import { FocusAlert, type FormError, FormErrorSummary, useProblemText } from '../forms.tsx';
import { functionLine, today, useFormat } from '../plan/labels.ts';
import { type FormValues, useDraft } from '../plan/useDraft.ts';
import { osloInstant } from './time.ts';

type Field = 'title' | 'date' | 'start' | 'end' | 'location' | 'agenda' | 'invitees';

const EMPTY: FormValues = {
  title: '',
  date: '',
  start: '',
  end: '',
  location: '',
  agenda: '',
  invitees: [],
};

export const meetingDraftKey = (planId: string) => draftKey(planId, 'meetings', null);

/** Those who may be invited: in the team now, with access to meetings. */
export function invitable(participants: Participant[]): Participant[] {
  return participants.filter((p) => !accessEnded(p) && p.access?.meetings !== 'none');
}

/**
 * "Kall inn til møte": title, date and times (Europe/Oslo), place or video link, agenda and
 * whom to invite. Kept as a draft in this tab until sent; the server's field errors (400)
 * are shown at their fields.
 */
export function MeetingForm({
  plan,
  onSent,
  onCancel,
  autoFocus,
}: {
  plan: Plan;
  onSent: (meeting: Meeting) => void;
  onCancel: () => void;
  autoFocus: boolean;
}) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const id = useId();
  const ids: Record<Field, string> = {
    title: `${id}-title`,
    date: `${id}-date`,
    start: `${id}-start`,
    end: `${id}-end`,
    location: `${id}-location`,
    agenda: `${id}-agenda`,
    invitees: `${id}-invitees`,
  };
  const draft = useDraft(meetingDraftKey(plan.id), EMPTY);
  const participants = useParticipants(plan.id);
  const options = invitable(participants.data ?? []);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const firstRef = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form opens
  useEffect(() => {
    if (autoFocus) firstRef.current?.focus();
  }, []);

  const text = (name: Field) => {
    const value = draft.values[name];
    return typeof value === 'string' ? value : '';
  };
  const picked = (() => {
    const value = draft.values.invitees;
    return Array.isArray(value) ? value.filter((v) => options.some((o) => o.id === v)) : [];
  })();

  const check = (values: FormValues): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    const get = (name: Field) => {
      const value = values[name];
      return typeof value === 'string' ? value.trim() : '';
    };
    const required = (name: Field, label: string) => {
      if (!get(name)) found[name] = t('form.required', { field: label.toLocaleLowerCase() });
    };
    required('date', t('form.date'));
    required('start', t('form.start'));
    required('end', t('form.end'));
    required('location', t('form.location'));
    if (!found.date && !found.start && !found.end) {
      const start = osloInstant(get('date'), get('start'));
      const end = osloInstant(get('date'), get('end'));
      if (start && end && end <= start) found.end = t('form.endBeforeStart');
    }
    const chosen = Array.isArray(values.invitees) ? values.invitees : [];
    if (options.length > 0 && chosen.length === 0) found.invitees = t('form.pickSomeone');
    return found;
  };

  const change = (name: Field, value: string | string[]) => {
    const next = { ...draft.values, [name]: value };
    draft.setValues(next);
    if (Object.keys(errors).length > 0) setErrors(check(next));
  };

  const serverErrors = (error: unknown): Partial<Record<Field, string>> => {
    const fields = fieldErrorsOf(error);
    const found: Partial<Record<Field, string>> = {};
    const say = (message: string) => t('form.invalid', { message });
    for (const [field, message] of Object.entries(fields)) {
      const name = field.replace(/^body\./, '').split('.')[0];
      if (name === 'title') found.title = say(message);
      else if (name === 'startsAt') found.start = say(message);
      else if (name === 'endsAt') {
        found.end = /after/.test(message)
          ? /hours/.test(message)
            ? t('form.tooLong')
            : t('form.endBeforeStart')
          : say(message);
      } else if (name === 'location') found.location = say(message);
      else if (name === 'agenda') found.agenda = say(message);
      else if (name === 'inviteeIds') found.invitees = say(message);
    }
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const found = check(draft.values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    const startsAt = osloInstant(text('date'), text('start'));
    const endsAt = osloInstant(text('date'), text('end'));
    if (!startsAt || !endsAt) return;
    const body: NewMeeting = {
      startsAt,
      endsAt,
      location: text('location').trim(),
      ...(text('title').trim() ? { title: text('title').trim() } : {}),
      ...(text('agenda').trim() ? { agenda: text('agenda').replace(/\s+$/, '') } : {}),
      ...(picked.length > 0 ? { inviteeIds: picked } : {}),
    };
    setSending(true);
    setProblem(null);
    try {
      const meeting = await meetingsApi.create(plan.id, body);
      draft.rebase(EMPTY);
      onSent(meeting);
    } catch (error) {
      setFailures((n) => n + 1);
      if (error instanceof ApiError && error.status === 400) {
        const fields = serverErrors(error);
        setErrors(fields);
        setAttempt((n) => n + 1);
        if (Object.keys(fields).length === 0) setProblem(t('form.failed'));
      } else {
        setProblem(error instanceof ApiError ? t('form.failed') : problemText(error));
      }
    } finally {
      setSending(false);
    }
  };

  const order: Field[] = ['title', 'date', 'start', 'end', 'location', 'agenda', 'invitees'];
  const summary: FormError[] = order.flatMap((field) => {
    const message = errors[field];
    return message ? [{ field: ids[field], message }] : [];
  });

  return (
    <form className="form meeting-form" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={2} data-size="xs">
        {t('form.heading')}
      </Heading>
      <FormErrorSummary errors={summary} attempt={attempt} />
      {draft.restored ? (
        <Alert data-color="info">
          <Paragraph>
            {t('form.restored', {
              time: format.dateTime(new Date(draft.restored).toISOString()),
            })}
          </Paragraph>
          <div className="actions">
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              onClick={draft.discardRestored}
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
        id={ids.title}
        ref={firstRef}
        label={tc('plan.form.optional', { label: t('form.title') })}
        description={t('form.titleHelp')}
        placeholder={t('form.defaultTitle')}
        value={text('title')}
        onChange={(e) => change('title', e.target.value)}
        error={errors.title}
        autoComplete="off"
      />
      <Textfield
        id={ids.date}
        type="date"
        label={t('form.date')}
        min={today()}
        value={text('date')}
        onChange={(e) => change('date', e.target.value)}
        error={errors.date}
      />
      <div className="time-pair">
        <Textfield
          id={ids.start}
          type="time"
          label={t('form.start')}
          value={text('start')}
          onChange={(e) => change('start', e.target.value)}
          error={errors.start}
        />
        <Textfield
          id={ids.end}
          type="time"
          label={t('form.end')}
          value={text('end')}
          onChange={(e) => change('end', e.target.value)}
          error={errors.end}
        />
      </div>
      <Textfield
        id={ids.location}
        label={t('form.location')}
        description={t('form.locationHelp')}
        value={text('location')}
        onChange={(e) => change('location', e.target.value)}
        error={errors.location}
        autoComplete="off"
      />
      <Textfield
        id={ids.agenda}
        multiline
        rows={4}
        label={tc('plan.form.optional', { label: t('form.agenda') })}
        value={text('agenda')}
        onChange={(e) => change('agenda', e.target.value)}
        error={errors.agenda}
      />
      <Fieldset>
        <Fieldset.Legend>{t('form.invitees')}</Fieldset.Legend>
        {options.length === 0 ? (
          <Paragraph className="muted">{t('form.nobody')}</Paragraph>
        ) : (
          options.map((option, index) => (
            <Checkbox
              key={option.id}
              id={index === 0 ? ids.invitees : undefined}
              label={option.name}
              description={functionLine(option) || undefined}
              value={option.id}
              checked={picked.includes(option.id)}
              onChange={(e) =>
                change(
                  'invitees',
                  e.target.checked
                    ? [...picked, option.id]
                    : picked.filter((value) => value !== option.id),
                )
              }
            />
          ))
        )}
        {errors.invitees ? <ValidationMessage>{errors.invitees}</ValidationMessage> : null}
      </Fieldset>
      <div className="actions">
        <Button type="submit" loading={sending}>
          {t('form.submit')}
        </Button>
        <Button type="button" variant="tertiary" onClick={onCancel}>
          {tc('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
