import {
  Alert,
  Button,
  Heading,
  Paragraph,
  Spinner,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CalendarFeed,
  calendarApi,
  calendarFeedKey,
  useCalendarFeed,
} from '../api/calendar.ts';
import { FocusAlert, StatusMessage, useProblemText } from './forms.tsx';
import { useFormat } from './plan/labels.ts';

type Busy = 'create' | 'rotate' | 'off' | null;

/**
 * "Min profil": the person's private calendar feed of their own meetings. Whether one is
 * live; making one shows its address (this once: the server keeps no copy to show again)
 * with a copy button; a new address ends the old one; turning it off ends it.
 */
export function CalendarFeedSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const format = useFormat();
  const id = useId();
  const rotateTextId = useId();
  const offTextId = useId();
  const feed = useCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const [copyFailed, setCopyFailed] = useState(false);
  const [focus, setFocus] = useState<'url' | 'create' | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const createRef = useRef<HTMLButtonElement>(null);

  // After an action, focus goes to what it made: the new address, or the button to start again.
  useEffect(() => {
    if (focus === 'url') urlRef.current?.focus();
    else if (focus === 'create') createRef.current?.focus();
    if (focus) setFocus(null);
  }, [focus]);

  const run = async (action: Exclude<Busy, null>) => {
    if (busy) return;
    setBusy(action);
    setStatus('');
    setProblem(null);
    setCopyFailed(false);
    try {
      if (action === 'off') {
        await calendarApi.revoke();
        setUrl(null);
        queryClient.setQueryData<CalendarFeed>(calendarFeedKey, {
          active: false,
          createdAt: null,
          lastUsedAt: null,
        });
        setStatus(t('profile.calendarTurnedOff'));
        setFocus('create');
      } else {
        const made = await calendarApi.create();
        setUrl(made.url);
        queryClient.setQueryData<CalendarFeed>(calendarFeedKey, {
          active: true,
          createdAt: made.createdAt,
          lastUsedAt: null,
        });
        setStatus(
          action === 'create' ? t('profile.calendarCreated') : t('profile.calendarRotated'),
        );
        setFocus('url');
      }
    } catch (error) {
      setFailures((n) => n + 1);
      setProblem(problemText(error));
      void queryClient.invalidateQueries({ queryKey: calendarFeedKey });
    } finally {
      setBusy(null);
    }
  };

  const copy = async () => {
    if (!url) return;
    setStatus('');
    setCopyFailed(false);
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('profile.calendarCopied'));
    } catch {
      // No clipboard (permission, an older browser): select it for the person to copy.
      setCopyFailed(true);
      urlRef.current?.focus();
      urlRef.current?.select();
    }
  };

  const current = feed.data;
  return (
    <section className="section" aria-labelledby={id}>
      <Heading level={2} data-size="sm" id={id}>
        {t('profile.calendarHeading')}
      </Heading>
      <Paragraph>{t('profile.calendarText')}</Paragraph>
      <Paragraph>{t('profile.calendarPrivate')}</Paragraph>
      {problem ? (
        <FocusAlert key={failures} color="warning">
          {problem}
        </FocusAlert>
      ) : null}
      {current ? (
        current.active ? (
          <>
            <Paragraph>
              {t('profile.calendarOn', { time: format.dateTime(current.createdAt) })}{' '}
              {current.lastUsedAt
                ? t('profile.calendarUsed', { time: format.dateTime(current.lastUsedAt) })
                : t('profile.calendarNotUsed')}
            </Paragraph>
            {url ? (
              <div className="form">
                <Textfield
                  ref={urlRef}
                  label={t('profile.calendarUrl')}
                  description={t('profile.calendarUrlHelp')}
                  value={url}
                  readOnly
                  onFocus={(event) => event.currentTarget.select()}
                />
                {copyFailed ? (
                  <Paragraph role="alert">{t('profile.calendarCopyFailed')}</Paragraph>
                ) : null}
                <div className="actions">
                  <Button type="button" variant="primary" onClick={() => void copy()}>
                    {t('profile.calendarCopy')}
                  </Button>
                </div>
              </div>
            ) : (
              <Paragraph className="muted">{t('profile.calendarHidden')}</Paragraph>
            )}
            <Paragraph data-size="sm" id={rotateTextId}>
              {t('profile.calendarRotateText')}
            </Paragraph>
            <Paragraph data-size="sm" id={offTextId}>
              {t('profile.calendarTurnOffText')}
            </Paragraph>
            <div className="actions">
              <Button
                type="button"
                variant="secondary"
                aria-describedby={rotateTextId}
                loading={busy === 'rotate'}
                onClick={() => void run('rotate')}
              >
                {t('profile.calendarRotate')}
              </Button>
              <Button
                type="button"
                variant="tertiary"
                aria-describedby={offTextId}
                loading={busy === 'off'}
                onClick={() => void run('off')}
              >
                {t('profile.calendarTurnOff')}
              </Button>
            </div>
          </>
        ) : (
          <>
            <Paragraph>{t('profile.calendarOff')}</Paragraph>
            <div className="actions">
              <Button
                ref={createRef}
                type="button"
                variant="secondary"
                loading={busy === 'create'}
                onClick={() => void run('create')}
              >
                {t('profile.calendarCreate')}
              </Button>
            </div>
          </>
        )
      ) : feed.isError ? (
        <Alert data-color="danger">
          <Paragraph>{t('common.loadFailed')}</Paragraph>
        </Alert>
      ) : (
        <Spinner aria-label={t('layout.loading')} />
      )}
      <StatusMessage>{status}</StatusMessage>
    </section>
  );
}
