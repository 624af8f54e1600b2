import '../../i18n/messages.ts';
import '../../messages.css';
import { Alert, Button, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useInbox, useUnread } from '../../api/messages.ts';
import { useProblemText } from '../../components/forms.tsx';
import { ThreadList } from '../../components/messages/ThreadList.tsx';
import { groupThreads } from '../../components/messages/threads.ts';
import { LiveAnnouncer, useAnnounceNew } from '../../components/messages/useAnnounceNew.tsx';
import { RequireLogin } from '../../components/RequireLogin.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** /meldinger — messages from all the person's plans: what is unread, and every conversation. */
export default function InboxPage() {
  const { t } = useTranslation('messages');
  usePageTitle(t('inbox.title'));
  return <RequireLogin>{() => <Inbox />}</RequireLogin>;
}

function Inbox() {
  const { t } = useTranslation('messages');
  const { t: tc } = useTranslation();
  const problemText = useProblemText();
  const inbox = useInbox();
  const unread = useUnread();
  const items = useMemo(() => inbox.data?.pages.flatMap((page) => page.items), [inbox.data]);
  const threads = useMemo(() => groupThreads(items ?? []), [items]);
  const announcement = useAnnounceNew(items);
  const unreadPlans = (unread.data?.plans ?? []).filter((p) => p.unread > 0);

  return (
    <div className="page messages-page">
      <Heading level={1} data-size="lg">
        {t('inbox.title')}
      </Heading>
      <Paragraph>{t('inbox.intro')}</Paragraph>
      <section className="section inbox-unread" aria-labelledby="inbox-unread">
        <Heading level={2} data-size="xs" id="inbox-unread">
          {t('inbox.unreadHeading')}
        </Heading>
        {unread.isPending ? (
          <Spinner aria-label={tc('layout.loading')} data-size="sm" />
        ) : unreadPlans.length === 0 ? (
          <Paragraph className="muted">{t('inbox.noneUnread')}</Paragraph>
        ) : (
          <ul className="link-list">
            {unreadPlans.map((p) => (
              <li key={p.planId}>
                <Link asChild>
                  <RouterLink to={`/planer/${encodeURIComponent(p.planId)}/meldinger`}>
                    {t('inbox.unreadIn', { title: p.title, count: p.unread })}
                  </RouterLink>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="inbox-threads">
        <Heading level={2} data-size="xs" id="inbox-threads">
          {t('threads')}
        </Heading>
        {inbox.isPending ? (
          <Spinner aria-label={tc('layout.loading')} />
        ) : inbox.isError ? (
          <Alert data-color="warning">
            <Paragraph>{problemText(inbox.error)}</Paragraph>
          </Alert>
        ) : threads.length === 0 ? (
          <>
            <Paragraph className="muted">{t('inbox.empty')}</Paragraph>
            <Paragraph>
              <Link asChild>
                <RouterLink to="/planer">{t('inbox.toPlans')}</RouterLink>
              </Link>
            </Paragraph>
          </>
        ) : (
          <>
            <ThreadList threads={threads} level={3} label={t('threads')} />
            {inbox.hasNextPage ? (
              <div className="actions no-print">
                <Button
                  variant="secondary"
                  loading={inbox.isFetchingNextPage}
                  onClick={() => void inbox.fetchNextPage()}
                >
                  {t('inbox.more')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
      <LiveAnnouncer text={announcement} />
    </div>
  );
}
