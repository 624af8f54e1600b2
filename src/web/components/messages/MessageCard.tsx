// Dialog needs the web components for its invoker commands (see vite.config.ts).
import '@digdir/designsystemet-web';
import { Button, Dialog, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { draftKey } from '../../api/drafts.ts';
import { type Message, messagesApi, refreshMessages } from '../../api/messages.ts';
import type { Plan } from '../../api/plans.ts';
import { FocusAlert, useProblemText } from '../forms.tsx';
import { useFormat } from '../plan/labels.ts';
import { useDraft } from '../plan/useDraft.ts';
import { MessageText } from './MessageText.tsx';

const BODY_MAX = 10_000;
const SUBJECT_MAX = 200;

type Props = {
  plan: Plan;
  message: Message;
  headingLevel: 2 | 3;
  /** Unread when this view opened (stays marked while the view is open). */
  isNew: boolean;
  /** The person may write messages in the plan (to send a late edit as a reply). */
  canWrite: boolean;
  /** Something changed: a status text for the page's polite region. */
  onStatus: (text: string) => void;
  /** An edit that came too late: send its text as a new reply instead. */
  onSendAsReply: (text: string) => void;
};

/**
 * One message in a conversation: who wrote it and when, whom it went to, the text (or the
 * "trukket tilbake" mark), read status ("Lest av 3 av 5"; the sender sees who and when),
 * and the sender's actions: edit while nobody has read it, withdraw after confirming.
 */
export function MessageCard({
  plan,
  message,
  headingLevel,
  isNew,
  canWrite,
  onStatus,
  onSendAsReply,
}: Props) {
  const { t } = useTranslation('messages');
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const articleRef = useRef<HTMLElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const withdrawRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const withdrawn = message.withdrawnAt !== null;
  const time = format.dateTime(message.createdAt);
  const mayWithdraw = message.mine && !withdrawn;

  const className = [
    'message',
    isNew ? 'message-new' : '',
    message.mine ? 'message-mine' : '',
    withdrawn ? 'message-withdrawn' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <article
      ref={articleRef}
      className={className}
      id={`message-${message.id}`}
      tabIndex={-1}
      aria-labelledby={headingId}
    >
      <div className="message-head">
        <Heading level={headingLevel} data-size="2xs" id={headingId}>
          {message.sender.name}
          <span className="ds-sr-only">, {time}</span>
        </Heading>
        {isNew ? (
          <Tag data-color="info" data-size="sm">
            {t('message.new')}
          </Tag>
        ) : null}
        {withdrawn ? (
          <Tag data-color="neutral" data-size="sm">
            {t('message.withdrawnTag')}
          </Tag>
        ) : null}
      </div>
      <p className="item-meta">
        {message.sender.function ? `${message.sender.function} · ` : ''}
        <time dateTime={message.createdAt} aria-hidden="true">
          {time}
        </time>
        {message.editedAt && !withdrawn
          ? ` · ${t('message.edited', { time: format.dateTime(message.editedAt) })}`
          : ''}
      </p>
      <Recipients message={message} />
      {withdrawn ? (
        <p className="muted message-withdrawn-text">
          {t('message.withdrawnText', { time: format.dateTime(message.withdrawnAt) })}
        </p>
      ) : editing ? (
        <EditForm
          plan={plan}
          message={message}
          headingLevel={(headingLevel + 1) as 3 | 4}
          canWrite={canWrite}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onStatus(t('message.saved'));
            requestAnimationFrame(() => editRef.current?.focus() ?? articleRef.current?.focus());
          }}
          onSendAsReply={(text) => {
            setEditing(false);
            onSendAsReply(text);
          }}
        />
      ) : (
        <>
          {message.subject && message.id !== message.threadId ? (
            <p className="item-title">{message.subject}</p>
          ) : null}
          {message.body ? <MessageText text={message.body} /> : null}
        </>
      )}
      {!withdrawn ? <ReadStatus message={message} /> : null}
      {!editing && (message.editable || mayWithdraw) ? (
        <div className="actions item-actions no-print">
          {message.editable ? (
            <Button
              ref={editRef}
              variant="secondary"
              data-size="sm"
              aria-label={t('message.editLabel', { time })}
              onClick={() => setEditing(true)}
            >
              {t('message.edit')}
            </Button>
          ) : null}
          {mayWithdraw ? (
            <Button
              ref={withdrawRef}
              variant="tertiary"
              data-size="sm"
              aria-label={t('message.withdrawLabel', { time })}
              onClick={() => setConfirming(true)}
            >
              {t('message.withdraw')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {message.mine ? (
        <WithdrawDialog
          plan={plan}
          message={message}
          open={confirming}
          onClose={(done) => {
            setConfirming(false);
            if (done) {
              onStatus(t('message.withdrawn'));
              requestAnimationFrame(() => articleRef.current?.focus());
            } else {
              withdrawRef.current?.focus();
            }
          }}
        />
      ) : null}
    </article>
  );
}

function Recipients({ message }: { message: Message }) {
  const { t } = useTranslation('messages');
  return (
    <p className="item-meta message-to">
      <span className="message-label">{t('message.to')}: </span>
      {message.recipients.map((r, index) => (
        <span key={r.participantId}>
          {index > 0 ? ', ' : ''}
          {r.name}
          {r.removed ? ` (${t('message.removed')})` : ''}
        </span>
      ))}
    </p>
  );
}

/** "Lest av 3 av 5"; the sender can open who read it and when. */
function ReadStatus({ message }: { message: Message }) {
  const { t } = useTranslation('messages');
  const format = useFormat();
  const summary = t('message.readBy', { read: message.readCount, total: message.recipientCount });
  if (!message.mine || message.recipientCount === 0) {
    return <p className="item-meta">{summary}</p>;
  }
  return (
    <details className="read-details">
      <summary>
        {summary}
        <span className="ds-sr-only">. {t('message.readDetails')}</span>
      </summary>
      <ul className="read-list">
        {message.recipients.map((r) => (
          <li key={r.participantId}>
            <span className="read-name">{r.name}</span>{' '}
            <span className={r.readAt ? 'read-when' : 'read-when muted'}>
              {r.readAt
                ? t('message.readAt', { time: format.dateTime(r.readAt) })
                : t('message.notRead')}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function EditForm({
  plan,
  message,
  headingLevel,
  canWrite,
  onDone,
  onSendAsReply,
}: {
  plan: Plan;
  message: Message;
  headingLevel: 3 | 4;
  canWrite: boolean;
  onDone: (saved: boolean) => void;
  onSendAsReply: (text: string) => void;
}) {
  const { t } = useTranslation('messages');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const id = useId();
  const hasSubject = message.id === message.threadId || message.subject !== null;
  const initial = { subject: message.subject ?? '', body: message.body ?? '' };
  const draft = useDraft(draftKey(plan.id, 'messageEdit', message.id), initial);
  const [version, setVersion] = useState(message.version);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ body?: string; subject?: string }>({});
  const [problem, setProblem] = useState<{ text: string; tooLate?: boolean } | null>(null);
  const [failures, setFailures] = useState(0);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    bodyRef.current?.focus();
  }, []);

  const value = (name: 'subject' | 'body') => {
    const v = draft.values[name];
    return typeof v === 'string' ? v : '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const body = value('body');
    const subject = value('subject').trim();
    const found: { body?: string; subject?: string } = {};
    if (!body.trim()) found.body = t('composer.bodyRequired');
    else if (body.length > BODY_MAX) found.body = t('composer.tooLong', { max: BODY_MAX });
    if (subject.length > SUBJECT_MAX) {
      found.subject = t('composer.subjectTooLong', { max: SUBJECT_MAX });
    }
    setError(found);
    if (found.body || found.subject) return;
    setSaving(true);
    setProblem(null);
    try {
      await messagesApi.edit(plan.id, message.id, {
        version,
        body: body.replace(/\s+$/, ''),
        ...(hasSubject ? { subject: subject || null } : {}),
      });
      draft.clear();
      await refreshMessages(queryClient, plan.id);
      onDone(true);
    } catch (failure) {
      setFailures((n) => n + 1);
      if (failure instanceof ApiError && failure.status === 409) {
        const fresh = await messagesApi.read(plan.id, message.id).catch(() => null);
        void refreshMessages(queryClient, plan.id);
        if (fresh?.editable) {
          setVersion(fresh.version);
          setProblem({ text: t('message.editChanged') });
        } else {
          setProblem({ text: t('message.editTooLate'), tooLate: true });
        }
      } else if (failure instanceof ApiError && failure.status === 401) {
        setProblem({ text: t('composer.failedSession') });
      } else if (
        failure instanceof ApiError &&
        (failure.status === 403 || failure.status === 404)
      ) {
        setProblem({ text: t('composer.failedForbidden') });
      } else if (failure instanceof ApiError && failure.status === 400) {
        setProblem({ text: t('composer.failedInvalid') });
      } else {
        setProblem({ text: problemText(failure) });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form message-edit" noValidate onSubmit={(e) => void submit(e)}>
      <Heading level={headingLevel} data-size="2xs">
        {t('message.editHeading')}
      </Heading>
      <Paragraph data-size="sm">{t('message.editHelp')}</Paragraph>
      {problem ? (
        <FocusAlert key={failures} color="warning">
          <Paragraph>{problem.text}</Paragraph>
          {problem.tooLate && canWrite ? (
            <div className="actions">
              <Button
                type="button"
                data-size="sm"
                onClick={() => {
                  const text = value('body');
                  draft.clear();
                  onSendAsReply(text);
                }}
              >
                {t('message.sendAsReply')}
              </Button>
            </div>
          ) : null}
        </FocusAlert>
      ) : null}
      {hasSubject ? (
        <Textfield
          id={`${id}-subject`}
          label={tc('plan.form.optional', { label: t('composer.subject') })}
          value={value('subject')}
          onChange={(e) => draft.set('subject', e.target.value)}
          error={error.subject}
          autoComplete="off"
        />
      ) : null}
      <Textfield
        id={`${id}-body`}
        ref={bodyRef}
        multiline
        rows={5}
        label={t('composer.body')}
        value={value('body')}
        onChange={(e) => draft.set('body', e.target.value)}
        error={error.body}
      />
      <div className="actions">
        <Button type="submit" loading={saving}>
          {t('message.save')}
        </Button>
        <Button
          type="button"
          variant="tertiary"
          onClick={() => {
            draft.clear();
            onDone(false);
          }}
        >
          {tc('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function WithdrawDialog({
  plan,
  message,
  open,
  onClose,
}: {
  plan: Plan;
  message: Message;
  open: boolean;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation('messages');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const headingId = useId();
  const textId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const withdraw = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await messagesApi.withdraw(plan.id, message.id);
      // Closed first: the message then shows as withdrawn, without its actions.
      onClose(true);
      await refreshMessages(queryClient, plan.id);
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 401
          ? t('composer.failedSession')
          : problemText(error),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={() => onClose(false)}
      closeButton={false}
      aria-labelledby={headingId}
      aria-describedby={textId}
    >
      <Dialog.Block>
        <Heading level={2} data-size="sm" id={headingId}>
          {t('message.withdrawHeading')}
        </Heading>
        <Paragraph id={textId}>{t('message.withdrawText')}</Paragraph>
        {problem ? (
          <Paragraph role="alert" className="dialog-problem">
            {problem}
          </Paragraph>
        ) : null}
      </Dialog.Block>
      <Dialog.Block>
        <div className="actions">
          <Button data-color="danger" onClick={() => void withdraw()} loading={busy}>
            {t('message.withdrawConfirm')}
          </Button>
          <Button variant="secondary" onClick={() => onClose(false)}>
            {tc('common.cancel')}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}
