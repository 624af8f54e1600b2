import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type Meeting, meetingsApi, type NewMeeting, refreshMeetings } from '../../api/meetings.ts';
import { type Plan, useParticipants } from '../../api/plans.ts';
import { FocusAlert, type FormError, FormErrorSummary, useProblemText } from '../forms.tsx';
import { today, useFormat } from '../plan/labels.ts';
import { type FormValues, useDraft } from '../plan/useDraft.ts';
import { InviteePicker } from './InviteePicker.tsx';
import {
  changesOf,
  EMPTY,
  FIELDS,
  type Field,
  invitable,
  meetingDraftKey,
  meetingEditDraftKey,
  serverFieldErrors,
  textOf,
  timesChanged,
  valuesOf,
} from './meetingFormModel.ts';
import { osloInstant } from './time.ts';

/**
 * "Kall inn til møte" — or, given a meeting, "Endre møtet": title, date and times
 * (Europe/Oslo), place or video link, agenda and whom to invite (on a change, until the
 * meeting starts; sent only when someone was added or taken off). Kept as a draft in this
 * tab until saved, so nothing typed is lost to a failed save; the server's field errors
 * (400) are shown at their fields.
 */
export function MeetingForm({
  plan,
  meeting,
  onSent,
  onCancel,
  autoFocus,
}: {
  plan: Plan;
  /** The meeting to change; absent for a new call-in. */
  meeting?: Meeting;
  onSent: (meeting: Meeting) => void;
  onCancel: () => void;
  autoFocus: boolean;
}) {
  const { t } = useTranslation('meetings');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const format = useFormat();
  const problemText = useProblemText();
  const id = useId();
  const ids = Object.fromEntries(FIELDS.map((field) => [field, `${id}-${field}`])) as Record<
    Field,
    string
  >;
  const [initial] = useState(() => (meeting ? valuesOf(meeting) : EMPTY));
  const draft = useDraft(
    meeting ? meetingEditDraftKey(plan.id, meeting.id) : meetingDraftKey(plan.id),
    initial,
  );
  const participants = useParticipants(plan.id);
  const options = invitable(participants.data ?? []);
  // Who is invited is changed until the meeting starts (the server answers 409 after).
  const [inviteesLocked] = useState(
    () => meeting !== undefined && Date.parse(meeting.startsAt) <= Date.now(),
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<{ text: string; color: 'info' | 'warning' } | null>(null);
  const [failures, setFailures] = useState(0);
  const firstRef = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the form opens
  useEffect(() => {
    if (autoFocus) firstRef.current?.focus();
  }, []);

  const text = (name: Field) => textOf(draft.values, name);
  const chosen = Array.isArray(draft.values.invitees) ? draft.values.invitees : [];
  const picked = chosen.filter((v) => options.some((o) => o.id === v));
  // Those invited who have no checkbox (their access ended) stay as they are.
  const unlisted = chosen.filter((v) => !options.some((o) => o.id === v));

  const check = (values: FormValues): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    const get = (name: Field) => textOf(values, name).trim();
    const required = (name: Field, label: string) => {
      if (!get(name)) found[name] = t('form.required', { field: label.toLocaleLowerCase() });
    };
    // A meeting keeps a title once it has one (the server names a new one "Møte").
    if (meeting) required('title', t('form.title'));
    required('date', t('form.date'));
    required('start', t('form.start'));
    required('end', t('form.end'));
    required('location', t('form.location'));
    // A meeting over midnight keeps its times unless they are changed here.
    const checkTimes = !meeting || timesChanged(values, meeting);
    if (checkTimes && !found.date && !found.start && !found.end) {
      const start = osloInstant(get('date'), get('start'));
      const end = osloInstant(get('date'), get('end'));
      if (start && end && end <= start) found.end = t('form.endBeforeStart');
    }
    const invitees = Array.isArray(values.invitees) ? values.invitees : [];
    if (!inviteesLocked && options.length > 0 && invitees.length === 0) {
      found.invitees = t('form.pickSomeone');
    }
    return found;
  };

  const change = (name: Field, value: string | string[]) => {
    const next = { ...draft.values, [name]: value };
    draft.setValues(next);
    if (Object.keys(errors).length > 0) setErrors(check(next));
  };

  const save = (): Promise<Meeting> | null => {
    if (meeting) {
      const { inviteeIds, ...rest } = changesOf(draft.values, meeting);
      const changes = inviteeIds && !inviteesLocked ? { ...rest, inviteeIds } : rest;
      if (Object.keys(changes).length === 0) return null;
      return meetingsApi.update(plan.id, meeting.id, meeting.version, changes);
    }
    const startsAt = osloInstant(text('date'), text('start'));
    const endsAt = osloInstant(text('date'), text('end'));
    if (!startsAt || !endsAt) return null;
    const body: NewMeeting = {
      startsAt,
      endsAt,
      location: text('location').trim(),
      ...(text('title').trim() ? { title: text('title').trim() } : {}),
      ...(text('agenda').trim() ? { agenda: text('agenda').replace(/\s+$/, '') } : {}),
      ...(picked.length > 0 ? { inviteeIds: picked } : {}),
    };
    return meetingsApi.create(plan.id, body);
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
    const saving = save();
    if (!saving) {
      if (meeting) {
        setFailures((n) => n + 1);
        setProblem({ text: t('form.noChanges'), color: 'info' });
      }
      return;
    }
    setSending(true);
    setProblem(null);
    const failed = meeting ? t('form.saveFailed') : t('form.failed');
    try {
      const saved = await saving;
      draft.rebase(EMPTY);
      onSent(saved);
    } catch (error) {
      setFailures((n) => n + 1);
      if (error instanceof ApiError && error.status === 400) {
        const fields = serverFieldErrors(error, {
          invalid: (message) => t('form.invalid', { message }),
          endBeforeStart: t('form.endBeforeStart'),
          tooLong: t('form.tooLong'),
        });
        setErrors(fields);
        setAttempt((n) => n + 1);
        if (Object.keys(fields).length === 0) setProblem({ text: failed, color: 'warning' });
      } else if (meeting && error instanceof ApiError && error.status === 409) {
        // Changed (or cancelled) by someone else: fetch it again; what was typed stays.
        setProblem({ text: t('form.stale'), color: 'warning' });
        void refreshMeetings(queryClient, plan.id);
      } else {
        setProblem({
          text: error instanceof ApiError ? failed : problemText(error),
          color: 'warning',
        });
      }
    } finally {
      setSending(false);
    }
  };

  const summary: FormError[] = FIELDS.flatMap((field) => {
    const message = errors[field];
    return message ? [{ field: ids[field], message }] : [];
  });

  return (
    <form className="form meeting-form" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={2} data-size="xs">
        {meeting ? t('form.editHeading') : t('form.heading')}
      </Heading>
      {meeting ? <Paragraph data-size="sm">{t('form.editNotice')}</Paragraph> : null}
      <FormErrorSummary errors={summary} attempt={attempt} />
      {draft.restored ? (
        <Alert data-color="info">
          <Paragraph>
            {t(meeting ? 'form.restoredEdit' : 'form.restored', {
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
        <FocusAlert key={failures} color={problem.color}>
          {problem.text}
        </FocusAlert>
      ) : null}
      <Textfield
        id={ids.title}
        ref={firstRef}
        label={meeting ? t('form.title') : tc('plan.form.optional', { label: t('form.title') })}
        description={t('form.titleHelp')}
        placeholder={meeting ? undefined : t('form.defaultTitle')}
        value={text('title')}
        onChange={(e) => change('title', e.target.value)}
        error={errors.title}
        autoComplete="off"
      />
      <Textfield
        id={ids.date}
        type="date"
        label={t('form.date')}
        // A meeting already past may be corrected without the field calling its date wrong.
        min={meeting && textOf(initial, 'date') < today() ? undefined : today()}
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
      {inviteesLocked ? (
        <Paragraph data-size="sm" className="muted">
          {t('form.inviteesStarted')}
        </Paragraph>
      ) : (
        <InviteePicker
          id={ids.invitees}
          options={options}
          picked={picked}
          error={errors.invitees}
          description={meeting ? t('form.inviteesEditHelp') : undefined}
          onChange={(next) => change('invitees', [...unlisted, ...next])}
        />
      )}
      <div className="actions">
        <Button type="submit" loading={sending}>
          {meeting ? t('form.save') : t('form.submit')}
        </Button>
        <Button type="button" variant="tertiary" onClick={onCancel}>
          {tc('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
