import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Heading,
  Paragraph,
  Radio,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsOf } from '../../api/client.ts';
import { draftKey } from '../../api/drafts.ts';
import type { Me } from '../../api/me.ts';
import { type Message, messagesApi, type SendMessage } from '../../api/messages.ts';
import { accessEnded, type Participant, type Plan, useParticipants } from '../../api/plans.ts';
import { FocusAlert, type FormError, FormErrorSummary, useProblemText } from '../forms.tsx';
import { functionLine, useFormat } from '../plan/labels.ts';
import { type FormValues, useDraft } from '../plan/useDraft.ts';

const BODY_MAX = 10_000;
const SUBJECT_MAX = 200;

/** The draft's key: one new message per plan, one reply per thread. */
export function composerDraftKey(planId: string, threadId: string | null): string {
  return draftKey(planId, 'messages', threadId);
}

const EMPTY: FormValues = { subject: '', body: '', to: 'all', recipients: [] };

type Field = 'body' | 'subject' | 'recipients';
type Problem = 'session' | 'forbidden' | 'recipients' | 'withdrawn' | 'invalid' | { text: string };

/** Who may be picked: the others in the plan whose access is on and includes messages. */
export function pickable(participants: Participant[], me: Me): Participant[] {
  return participants.filter(
    (p) => p.personId !== me.id && !accessEnded(p) && p.access?.messages !== 'none',
  );
}

/** The people a reply goes to by default: the answered message's sender and recipients. */
function threadPeople(message: Message, myParticipantId: string | null): string[] {
  const people = [message.sender, ...message.recipients];
  const names = new Map<string, string>();
  for (const person of people) {
    if (person.removed || person.participantId === myParticipantId) continue;
    names.set(person.participantId, person.name);
  }
  return [...names.values()];
}

/**
 * Writing a message: subject (new threads only), text, and who gets it — the whole team
 * (or, for a reply, everyone in the conversation) or people picked by name. What is typed
 * is kept as a draft in this tab until it is sent, so a failed send, an expired session
 * or leaving the page loses nothing; the draft is offered back when the composer opens.
 */
export function Composer({
  plan,
  me,
  replyTo = null,
  threadId = null,
  headingLevel,
  autoFocus = false,
  startWith,
  onSent,
  onCancel,
}: {
  plan: Plan;
  me: Me;
  /** A reply: the message answered (the thread and, by default, its people follow). */
  replyTo?: Message | null;
  threadId?: string | null;
  headingLevel: 2 | 3;
  autoFocus?: boolean;
  /** Text to start a fresh composer with (an edit that came too late, sent as a reply). */
  startWith?: string;
  onSent: (message: Message) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('messages');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const problemText = useProblemText();
  const id = useId();
  const ids = {
    subject: `${id}-subject`,
    body: `${id}-body`,
    recipients: `${id}-recipients`,
  } satisfies Record<Field, string>;
  const isReply = replyTo !== null;
  const draft = useDraft(composerDraftKey(plan.id, threadId), EMPTY);
  const participants = useParticipants(plan.id);
  const options = pickable(participants.data ?? [], me);
  const myParticipantId =
    (participants.data ?? []).find((p) => p.personId === me.id && !accessEnded(p))?.id ?? null;
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [failures, setFailures] = useState(0);
  const firstRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the composer opens
  useEffect(() => {
    if (startWith && !draft.values.body) draft.set('body', startWith);
    if (autoFocus) firstRef.current?.focus();
  }, []);

  const text = (name: string) => {
    const value = draft.values[name];
    return typeof value === 'string' ? value : '';
  };
  const picked = (() => {
    const value = draft.values.recipients;
    return Array.isArray(value) ? value : [];
  })();
  const to = text('to') === 'some' ? 'some' : 'all';
  const chosen = picked.filter((p) => options.some((o) => o.id === p));

  const check = (values: FormValues): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    const body = typeof values.body === 'string' ? values.body : '';
    const subject = typeof values.subject === 'string' ? values.subject : '';
    if (!body.trim()) found.body = t('composer.bodyRequired');
    else if (body.length > BODY_MAX) found.body = t('composer.tooLong', { max: BODY_MAX });
    if (subject.trim().length > SUBJECT_MAX) {
      found.subject = t('composer.subjectTooLong', { max: SUBJECT_MAX });
    }
    if (values.to === 'some' && chosen.length === 0) found.recipients = t('composer.pickRequired');
    return found;
  };

  const change = (name: string, value: string | string[]) => {
    const next = { ...draft.values, [name]: value };
    draft.setValues(next);
    if (Object.keys(errors).length > 0) setErrors(check(next));
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
    const subject = text('subject').trim();
    const body: SendMessage = {
      body: text('body').replace(/\s+$/, ''),
      ...(!isReply && subject ? { subject } : {}),
      ...(to === 'some' ? { recipientIds: chosen } : {}),
      ...(replyTo ? { replyToId: replyTo.id } : {}),
    };
    setSending(true);
    setProblem(null);
    try {
      const sent = await messagesApi.send(plan.id, body);
      draft.rebase(EMPTY);
      onSent(sent);
    } catch (error) {
      setProblem(problemOf(error));
      setFailures((n) => n + 1);
      if (error instanceof ApiError && error.status === 400) {
        const fields = fieldErrorsOf(error);
        if (fields.recipientIds) setErrors({ recipients: t('composer.failedRecipients') });
      }
    } finally {
      setSending(false);
    }
  };

  const problemOf = (error: unknown): Problem => {
    if (!(error instanceof ApiError)) return { text: problemText(error) };
    if (error.status === 401) return 'session';
    if (error.status === 403 || error.status === 404) return 'forbidden';
    if (error.status === 409) return 'withdrawn';
    if (error.status === 400) {
      return fieldErrorsOf(error).recipientIds ? 'recipients' : 'invalid';
    }
    return { text: problemText(error) };
  };

  const summary: FormError[] = (['subject', 'body', 'recipients'] as const).flatMap((field) => {
    const message = errors[field];
    return message ? [{ field: ids[field], message }] : [];
  });

  const replyNames = replyTo ? threadPeople(replyTo, myParticipantId) : [];
  const problemTexts: Record<Exclude<Problem, { text: string }>, string> = {
    session: t('composer.failedSession'),
    forbidden: t('composer.failedForbidden'),
    recipients: t('composer.failedRecipients'),
    withdrawn: t('composer.failedWithdrawn'),
    invalid: t('composer.failedInvalid'),
  };

  return (
    <form className="form composer" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={headingLevel} data-size="xs">
        {isReply ? t('composer.replyHeading') : t('composer.newHeading')}
      </Heading>
      <FormErrorSummary errors={summary} attempt={attempt} />
      {draft.restored ? (
        <Alert data-color="info">
          <Paragraph>
            {t('composer.restored', {
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
              {t('composer.discard')}
            </Button>
          </div>
        </Alert>
      ) : null}
      {problem ? (
        <FocusAlert key={failures} color="warning">
          {typeof problem === 'string' ? problemTexts[problem] : problem.text}
        </FocusAlert>
      ) : null}
      {isReply ? null : (
        <Textfield
          id={ids.subject}
          ref={firstRef}
          label={tc('plan.form.optional', { label: t('composer.subject') })}
          value={text('subject')}
          onChange={(e) => change('subject', e.target.value)}
          error={errors.subject}
          autoComplete="off"
        />
      )}
      <Textfield
        id={ids.body}
        ref={isReply ? firstRef : undefined}
        multiline
        rows={isReply ? 4 : 6}
        label={t('composer.body')}
        description={t('composer.bodyHelp')}
        value={text('body')}
        onChange={(e) => change('body', e.target.value)}
        error={errors.body}
      />
      <Fieldset>
        <Fieldset.Legend>{t('composer.to')}</Fieldset.Legend>
        <Radio
          name={`${id}-to`}
          value="all"
          label={isReply ? t('composer.toThread') : t('composer.toAll')}
          description={
            isReply
              ? replyNames.join(', ') || undefined
              : options.length > 0
                ? `${t('composer.toAllHelp')} ${options.map((o) => o.name).join(', ')}`
                : t('composer.toAllHelp')
          }
          checked={to === 'all'}
          onChange={() => change('to', 'all')}
        />
        <Radio
          name={`${id}-to`}
          value="some"
          label={t('composer.toSome')}
          checked={to === 'some'}
          onChange={() => change('to', 'some')}
        />
      </Fieldset>
      {to === 'some' ? (
        <RecipientPicker
          id={ids.recipients}
          options={options}
          chosen={chosen}
          error={errors.recipients}
          onChange={(next) => change('recipients', next)}
        />
      ) : null}
      <Paragraph data-size="sm" className="muted">
        {t('composer.visibility')}
      </Paragraph>
      <div className="actions">
        <Button type="submit" loading={sending}>
          {isReply ? t('composer.sendReply') : t('composer.send')}
        </Button>
        {onCancel ? (
          <Button type="button" variant="tertiary" onClick={onCancel}>
            {tc('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function RecipientPicker({
  id,
  options,
  chosen,
  error,
  onChange,
}: {
  id: string;
  options: Participant[];
  chosen: string[];
  error: string | undefined;
  onChange: (next: string[]) => void;
}) {
  const { t } = useTranslation('messages');
  return (
    <Fieldset>
      <Fieldset.Legend>{t('composer.pick')}</Fieldset.Legend>
      {options.length === 0 ? (
        <Paragraph className="muted">{t('composer.nobodyToPick')}</Paragraph>
      ) : (
        options.map((option, index) => (
          <Checkbox
            key={option.id}
            id={index === 0 ? id : undefined}
            label={option.name}
            description={functionLine(option) || undefined}
            value={option.id}
            checked={chosen.includes(option.id)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? [...chosen, option.id]
                  : chosen.filter((value) => value !== option.id),
              )
            }
          />
        ))
      )}
      {error ? <ValidationMessage>{error}</ValidationMessage> : null}
    </Fieldset>
  );
}
