import { Badge, Link } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useUnread } from '../api/messages.ts';

/**
 * "Meldinger" in the header, with a badge for unread messages across all plans. The count
 * comes from ['messages', 'unread'], which the live-update hook refreshes; the badge is
 * for the eye, and screen readers get the count as words in the link.
 */
export function MessagesNavLink() {
  const { t } = useTranslation();
  const unread = useUnread();
  const count = unread.data?.total ?? 0;
  return (
    <Link asChild>
      <RouterLink to="/meldinger" className="messages-nav-link">
        {t('messagesNav.link')}
        {count > 0 ? (
          <>
            <span className="ds-sr-only">, {t('messagesNav.unread', { count })}</span>
            <Badge
              className="messages-badge"
              data-color="danger"
              count={count}
              maxCount={99}
              aria-hidden="true"
            />
          </>
        ) : null}
      </RouterLink>
    </Link>
  );
}
