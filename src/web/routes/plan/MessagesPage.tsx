import '../../i18n/messages.ts';
import '../../messages.css';
import { Alert, Button, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { readDraft } from '../../api/drafts.ts';
import type { Me } from '../../api/me.ts';
import {
  type Message,
  messagesApi,
  refreshMessages,
  usePlanMessages,
  useThread,
} from '../../api/messages.ts';
import { canRead, canWrite, isStatus, type Plan } from '../../api/plans.ts';
import { StatusMessage, useProblemText } from '../../components/forms.tsx';
import { Composer, composerDraftKey } from '../../components/messages/Composer.tsx';
import { MessageCard } from '../../components/messages/MessageCard.tsx';
import { ThreadList } from '../../components/messages/ThreadList.tsx';
import { groupThreads, oldestFirst } from '../../components/messages/threads.ts';
import { LiveAnnouncer, useAnnounceNew } from '../../components/messages/useAnnounceNew.tsx';
import {
  NoAccessNotice,
  NoSectionAccess,
  PlanPageHeading,
  PlanRoute,
} from '../../components/plan/PlanShell.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

const messagesPath = (plan: Pick<Plan, 'id'>) => `/planer/${encodeURIComponent(plan.id)}/meldinger`;

/**
 * /planer/:planId/meldinger — the plan's conversations, newest first, and a new message;
 * /planer/:planId/meldinger/:threadId — one conversation with its replies.
 * New messages come in through the live-update hook (it invalidates these queries).
 */
export default function MessagesPage() {
  return <PlanRoute>{({ plan, me }) => <MessagesGate plan={plan} me={me} />}</PlanRoute>;
}

function MessagesGate({ plan, me }: { plan: Plan; me: Me }) {
  const { t } = useTranslation('messages');
  const { threadId } = useParams();
  if (!canRead(plan.myAccess.messages)) {
    return <NoSectionAccess plan={plan} heading={t('title')} />;
  }
  return threadId ? (
    <ThreadView key={threadId} plan={plan} me={me} threadId={threadId} />
  ) : (
    <Conversations plan={plan} me={me} />
  );
}

function ReadOnlyNotice({ plan }: { plan: Plan }) {
  const { t } = useTranslation('messages');
  return (
    <Alert data-color="info">
      <Paragraph>{t('readOnly', { coordinator: plan.coordinator.name })}</Paragraph>
    </Alert>
  );
}

function Conversations({ plan, me }: { plan: Plan; me: Me }) {
  const { t } = useTranslation('messages');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const writable = canWrite(plan.myAccess.messages);
  const list = usePlanMessages(plan.id);
  const messages = useMemo(() => list.data?.pages.flatMap((page) => page.items), [list.data]);
  const threads = useMemo(() => groupThreads(messages ?? []), [messages]);
  const announcement = useAnnounceNew(messages);
  // A message written earlier and not sent (a failed send, an expired session): offered
  // back at once, in the open composer.
  const [composing, setComposing] = useState<'restored' | 'clicked' | null>(() =>
    writable && readDraft(composerDraftKey(plan.id, null)) !== null ? 'restored' : null,
  );
  const [status, setStatus] = useState('');
  const newRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    if (composing === null && refocus.current) {
      refocus.current = false;
      newRef.current?.focus();
    }
  }, [composing]);

  const close = () => {
    refocus.current = true;
    setComposing(null);
  };

  return (
    <div className="page messages-page">
      <PlanPageHeading plan={plan} title={t('title')} />
      <Paragraph>{t('intro')}</Paragraph>
      {!writable ? <ReadOnlyNotice plan={plan} /> : null}
      <StatusMessage>{status}</StatusMessage>
      {writable ? (
        composing ? (
          <div className="form-panel">
            <Composer
              plan={plan}
              me={me}
              headingLevel={2}
              autoFocus={composing === 'clicked'}
              onSent={() => {
                void refreshMessages(queryClient, plan.id);
                setStatus(t('composer.sent'));
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
                setComposing('clicked');
              }}
            >
              {t('newMessage')}
            </Button>
          </div>
        )
      ) : null}
      {list.isPending ? (
        <Spinner aria-label={tc('layout.loading')} />
      ) : list.isError ? (
        isStatus(list.error, 403) ? (
          <NoAccessNotice plan={plan} />
        ) : (
          <Alert data-color="warning">
            <Paragraph>{problemText(list.error)}</Paragraph>
          </Alert>
        )
      ) : threads.length === 0 ? (
        <Paragraph className="muted">{writable ? t('emptyWriter') : t('empty')}</Paragraph>
      ) : (
        <section className="section" aria-labelledby="threads-heading">
          <Heading level={2} data-size="xs" id="threads-heading">
            {t('threads')}
          </Heading>
          <ThreadList threads={threads} level={3} label={t('threads')} />
          {list.hasNextPage ? (
            <div className="actions no-print">
              <Button
                variant="secondary"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('showOlder')}
              </Button>
            </div>
          ) : null}
        </section>
      )}
      <LiveAnnouncer text={announcement} />
    </div>
  );
}

/** Whether this tab is showing (a message counts as read only when it could be seen). */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/**
 * Marks the person's unread messages in view as read (POST …/read), once each, and
 * remembers which were new so they stay marked "Ny" while the view is open.
 */
function useMarkRead(planId: string, messages: Message[]): Set<string> {
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  const posted = useRef(new Set<string>());
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());

  useEffect(() => {
    if (!visible) return;
    const unread = messages.filter((m) => m.readByMe === false && !posted.current.has(m.id));
    if (unread.length === 0) return;
    for (const m of unread) posted.current.add(m.id);
    setFresh((current) => new Set([...current, ...unread.map((m) => m.id)]));
    void Promise.allSettled(unread.map((m) => messagesApi.markRead(planId, m.id))).then(() =>
      refreshMessages(queryClient, planId),
    );
  }, [messages, visible, planId, queryClient]);

  return fresh;
}

function ThreadView({ plan, me, threadId }: { plan: Plan; me: Me; threadId: string }) {
  const { t } = useTranslation('messages');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const writable = canWrite(plan.myAccess.messages);
  const thread = useThread(plan.id, threadId);
  const loaded = useMemo(() => thread.data?.pages.flatMap((page) => page.items), [thread.data]);
  const messages = useMemo(() => oldestFirst(loaded ?? []), [loaded]);
  const announcement = useAnnounceNew(loaded);
  const fresh = useMarkRead(plan.id, messages);
  const [status, setStatus] = useState('');
  const [replyStart, setReplyStart] = useState<{ text: string; n: number } | null>(null);

  const root = messages.find((m) => m.id === threadId) ?? null;
  const first = root ?? messages[0] ?? null;
  const title = first
    ? (root?.subject ??
      messages.find((m) => m.subject)?.subject ??
      t('thread.noSubject', { name: first.sender.name }))
    : t('thread.notFoundTitle');
  usePageTitle(`${title} – ${plan.title}`);
  const replyTo = [...messages].reverse().find((m) => m.withdrawnAt === null) ?? null;
  const notFound =
    (thread.isError && isStatus(thread.error, 404)) || (thread.isSuccess && messages.length === 0);

  return (
    <div className="page messages-page">
      <nav aria-label={tc('plan.breadcrumbs')} className="back-link no-print">
        <Link asChild>
          <RouterLink to={messagesPath(plan)}>
            <span aria-hidden="true">← </span>
            {t('thread.back')}
          </RouterLink>
        </Link>
      </nav>
      <Heading level={1} data-size="lg" className="thread-heading">
        {thread.isPending ? t('title') : title}
      </Heading>
      <StatusMessage>{status}</StatusMessage>
      {thread.isPending ? (
        <Spinner aria-label={tc('layout.loading')} />
      ) : notFound ? (
        <Paragraph>{t('thread.notFoundText')}</Paragraph>
      ) : thread.isError ? (
        isStatus(thread.error, 403) ? (
          <NoAccessNotice plan={plan} />
        ) : (
          <Alert data-color="warning">
            <Paragraph>{problemText(thread.error)}</Paragraph>
          </Alert>
        )
      ) : (
        <>
          {thread.hasNextPage ? (
            <div className="actions no-print">
              <Button
                variant="secondary"
                loading={thread.isFetchingNextPage}
                onClick={() => void thread.fetchNextPage()}
              >
                {t('showOlder')}
              </Button>
            </div>
          ) : null}
          <ol className="message-list" aria-label={t('thread.messages')}>
            {messages.map((message) => (
              <li key={message.id}>
                <MessageCard
                  plan={plan}
                  message={message}
                  headingLevel={2}
                  isNew={fresh.has(message.id)}
                  canWrite={writable}
                  onStatus={setStatus}
                  onSendAsReply={(text) =>
                    setReplyStart((current) => ({ text, n: (current?.n ?? 0) + 1 }))
                  }
                />
              </li>
            ))}
          </ol>
          {!writable ? (
            <ReadOnlyNotice plan={plan} />
          ) : replyTo ? (
            <div className="form-panel">
              <Composer
                key={replyStart?.n ?? 0}
                plan={plan}
                me={me}
                replyTo={replyTo}
                threadId={threadId}
                headingLevel={2}
                autoFocus={replyStart !== null}
                startWith={replyStart?.text}
                onSent={() => {
                  void refreshMessages(queryClient, plan.id);
                  setStatus(t('composer.sent'));
                }}
              />
            </div>
          ) : (
            <Paragraph className="muted">{t('thread.cannotReply')}</Paragraph>
          )}
        </>
      )}
      <LiveAnnouncer text={announcement} />
    </div>
  );
}
