import '../i18n/auditFlags.ts';
import {
  Alert,
  Button,
  Heading,
  Paragraph,
  Spinner,
  Tag,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AuditFlag,
  auditFlagsApi,
  refreshAuditFlags,
  useOpenAuditFlags,
} from '../api/auditFlags.ts';
import { ApiError } from '../api/client.ts';
import { mayReviewAuditFlags } from '../api/me.ts';
import { FocusAlert, StatusMessage, useProblemText } from '../components/forms.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { RequireLogin } from '../components/RequireLogin.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

/**
 * /uvanlig-lesing — the organisation administrator's flags of unusual reading (SECURITY.md
 * L6): who read many plans, tried what they may not, or read much at night, per hour, with
 * counts only. Each can be marked reviewed, with an optional note.
 */
export default function AuditFlagsPage() {
  const { t } = useTranslation('auditFlags');
  usePageTitle(t('title'));
  return (
    <RequireLogin>
      {(me) => (mayReviewAuditFlags(me) ? <AuditFlags myId={me.id} /> : <NoAccess />)}
    </RequireLogin>
  );
}

/** REVIEW_NOTE_MAX of src/shared/schemas/audit-flags.ts (not imported: zod would come along). */
const REVIEW_NOTE_MAX = 1000;

const ROLES = [
  'owner',
  'guardian',
  'relative',
  'coordinator',
  'professional',
  'org_admin',
  'trainer',
  'citizen',
] as const;
type KnownRole = (typeof ROLES)[number];
const isKnownRole = (role: string | null): role is KnownRole =>
  role !== null && (ROLES as readonly string[]).includes(role);

function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : language === 'nn' ? 'nn-NO' : 'nb-NO';
}

/** "12. mars 2026, kl. 02:00–03:00", in Norwegian time whatever the browser's zone. */
function usePeriod() {
  const { t, i18n } = useTranslation('auditFlags');
  const locale = localeOf(i18n.language);
  const zone = { timeZone: 'Europe/Oslo' } as const;
  const date = new Intl.DateTimeFormat(locale, { ...zone, dateStyle: 'long' });
  const time = new Intl.DateTimeFormat(locale, { ...zone, hour: '2-digit', minute: '2-digit' });
  return (flag: AuditFlag) =>
    t('periodValue', {
      date: date.format(new Date(flag.periodStart)),
      from: time.format(new Date(flag.periodStart)),
      to: time.format(new Date(flag.periodEnd)),
    });
}

function AuditFlags({ myId }: { myId: string }) {
  const { t } = useTranslation('auditFlags');
  const { t: tc } = useTranslation();
  const problemText = useProblemText();
  const flags = useOpenAuditFlags();
  const [status, setStatus] = useState('');
  const listHeading = useRef<HTMLHeadingElement>(null);
  const items = flags.data?.pages.flatMap((page) => page.items) ?? [];

  const reviewed = (flag: AuditFlag) => {
    setStatus(t('reviewed', { name: flag.reader.name }));
    // The flag leaves the list: keep the keyboard user's place at the list.
    listHeading.current?.focus();
  };

  return (
    <div className="page page-wide">
      <Heading level={1} data-size="lg">
        {t('title')}
      </Heading>
      <Paragraph>{t('intro')}</Paragraph>
      <Paragraph>{t('advice')}</Paragraph>
      <Paragraph data-size="sm" className="muted">
        {t('privacy')}
      </Paragraph>
      <StatusMessage>{status}</StatusMessage>
      <section className="section-plain" aria-labelledby="audit-flags-list">
        <Heading level={2} data-size="sm" id="audit-flags-list" ref={listHeading} tabIndex={-1}>
          {t('listHeading')}
        </Heading>
        <p role="status" className={flags.isSuccess ? 'muted' : 'ds-sr-only'}>
          {flags.isSuccess
            ? items.length === 0
              ? t('none')
              : t('count', { count: items.length })
            : ''}
        </p>
        {flags.isPending ? (
          <Spinner aria-label={tc('layout.loading')} />
        ) : flags.isError ? (
          <Alert data-color="warning">
            <Paragraph>{problemText(flags.error)}</Paragraph>
          </Alert>
        ) : items.length === 0 ? null : (
          <>
            <ul className="item-list audit-flag-list">
              {items.map((flag) => (
                <FlagItem
                  key={flag.id}
                  flag={flag}
                  mine={flag.reader.id === myId}
                  onReviewed={reviewed}
                />
              ))}
            </ul>
            {flags.hasNextPage ? (
              <div className="actions">
                <Button
                  variant="secondary"
                  loading={flags.isFetchingNextPage}
                  onClick={() => void flags.fetchNextPage()}
                >
                  {t('more')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}

function FlagItem({
  flag,
  mine,
  onReviewed,
}: {
  flag: AuditFlag;
  mine: boolean;
  onReviewed: (flag: AuditFlag) => void;
}) {
  const { t } = useTranslation('auditFlags');
  const period = usePeriod();
  const id = useId();
  const [open, setOpen] = useState(false);
  const role = isKnownRole(flag.reader.role) ? t(`roles.${flag.reader.role}`) : t('unknownRole');
  const headingId = `${id}-reader`;

  return (
    <li className="item">
      <div className="item-head">
        <Heading level={3} data-size="2xs" className="item-title" id={headingId}>
          {flag.reader.name}
        </Heading>
        <Tag data-color={flag.kind === 'denied' ? 'danger' : 'warning'} data-size="sm">
          {t(`kind.${flag.kind}`)}
        </Tag>
      </div>
      <Paragraph data-size="sm">{t(`kindText.${flag.kind}`)}</Paragraph>
      <dl className="mini-facts">
        <div>
          <dt>{t('period')}</dt>
          <dd>{period(flag)}</dd>
        </div>
        <div>
          <dt>{t('role')}</dt>
          <dd>{role}</dd>
        </div>
        <div>
          <dt>{t('plans')}</dt>
          <dd>{flag.planCount}</dd>
        </div>
        <div>
          <dt>{t('reads')}</dt>
          <dd>{flag.readCount}</dd>
        </div>
        <div>
          <dt>{t('denied')}</dt>
          <dd>{flag.deniedCount}</dd>
        </div>
      </dl>
      {mine ? (
        <Paragraph data-size="sm" className="muted">
          {t('ownFlag')}
        </Paragraph>
      ) : open ? (
        <ReviewForm flag={flag} onCancel={() => setOpen(false)} onReviewed={onReviewed} />
      ) : (
        <div className="actions">
          <Button
            type="button"
            variant="secondary"
            data-size="sm"
            aria-describedby={headingId}
            onClick={() => setOpen(true)}
          >
            {t('markReviewed')}
          </Button>
        </div>
      )}
    </li>
  );
}

function ReviewForm({
  flag,
  onCancel,
  onReviewed,
}: {
  flag: AuditFlag;
  onCancel: () => void;
  onReviewed: (flag: AuditFlag) => void;
}) {
  const { t } = useTranslation('auditFlags');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const [sending, setSending] = useState(false);

  // Opening the form puts the keyboard in the note.
  useEffect(() => {
    noteRef.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    if (note.length > REVIEW_NOTE_MAX) {
      setError(t('noteTooLong', { max: REVIEW_NOTE_MAX }));
      noteRef.current?.focus();
      return;
    }
    setError(undefined);
    setFailure(null);
    setSending(true);
    try {
      await auditFlagsApi.review(flag.id, note.trim() ? { note } : {});
      onReviewed(flag);
      await refreshAuditFlags(queryClient);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        setFailure(t('alreadyReviewed'));
        await refreshAuditFlags(queryClient);
      } else if (caught instanceof ApiError && caught.status === 400) {
        setError(t('noteTooLong', { max: REVIEW_NOTE_MAX }));
      } else {
        setFailure(t('failed'));
      }
      setFailures((n) => n + 1);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="form form-panel item-form" noValidate onSubmit={(e) => void submit(e)}>
      <Textfield
        id={`${id}-note`}
        ref={noteRef}
        multiline
        rows={3}
        label={t('note')}
        description={t('noteHelp')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={error}
      />
      {failure ? (
        <FocusAlert key={failures} color="danger">
          {failure}
        </FocusAlert>
      ) : null}
      <div className="actions">
        <Button type="submit" data-size="sm" loading={sending}>
          {t('save')}
        </Button>
        <Button type="button" variant="tertiary" data-size="sm" onClick={onCancel}>
          {tc('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
