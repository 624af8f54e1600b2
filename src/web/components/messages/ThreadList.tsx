import { Heading, Link, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { InboxMessage, Message } from '../../api/messages.ts';
import { useFormat } from '../plan/labels.ts';
import { preview, type Thread } from './threads.ts';

export const threadPath = (planId: string, threadId: string) =>
  `/planer/${encodeURIComponent(planId)}/meldinger/${encodeURIComponent(threadId)}`;

/** Conversations, newest activity first: the subject to open it, who wrote last, unread. */
export function ThreadList<M extends Message>({
  threads,
  level,
  label,
}: {
  threads: Thread<M>[];
  level: 2 | 3;
  label: string;
}) {
  const { t } = useTranslation('messages');
  const format = useFormat();
  return (
    <ul className="thread-list" aria-label={label}>
      {threads.map((thread) => {
        const first = thread.root ?? thread.messages[0] ?? thread.latest;
        const title = thread.subject ?? t('thread.noSubject', { name: first.sender.name });
        const plan = 'plan' in thread.latest ? (thread.latest as InboxMessage).plan : null;
        return (
          <li key={thread.id} className={thread.unread > 0 ? 'thread thread-unread' : 'thread'}>
            <Heading level={level} data-size="2xs" className="thread-title">
              <Link asChild>
                <RouterLink to={threadPath(thread.planId, thread.id)}>{title}</RouterLink>
              </Link>
            </Heading>
            {thread.unread > 0 || plan ? (
              <div className="tag-row">
                {thread.unread > 0 ? (
                  <Tag data-color="info" data-size="sm">
                    {t('thread.unread', { count: thread.unread })}
                  </Tag>
                ) : null}
                {plan ? (
                  <span className="item-meta">{t('inbox.inPlan', { title: plan.title })}</span>
                ) : null}
              </div>
            ) : null}
            <p className="item-meta">
              {t('thread.latest', {
                name: thread.latest.sender.name,
                time: format.dateTime(thread.latest.createdAt),
              })}
              {' · '}
              {t('thread.count', { count: thread.messages.length })}
            </p>
            <p className="thread-preview">
              {thread.latest.body ? (
                preview(thread.latest.body)
              ) : (
                <span className="muted">{t('thread.withdrawn')}</span>
              )}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
