// No `import '@digdir/designsystemet-web'` here: this dialog is opened and closed through
// its `open` prop, with no invoker commands and no backdrop closing, so it needs none of
// it, and the logged-in front page stays ~28 KB lighter.
import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lastApiActivity, onApiEvent } from '../api/client.ts';
import { type Me, meQuery } from '../api/me.ts';
import {
  endSession,
  leave,
  type SessionMessage,
  sessionChannel,
  TIMEOUT_PATH,
  tellOtherTabs,
} from '../api/session.ts';

/** The warning shows this long before the session would end. */
const WARNING_MS = 2 * 60_000;
/** The server moves its idle clock at most every 30 s: end a little early rather than late. */
const SERVER_SLACK_MS = 30_000;
/** Typing or tapping with no API call for this long refreshes the session quietly. */
const KEEP_ALIVE_AFTER_MS = 60_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

type Phase = 'active' | 'warning' | 'over';

/**
 * Watches the session's idle clock (`session.idleMinutes` from /api/me, counted from the
 * last answer of the server) and the absolute end (`session.expiresAt`). While the person
 * types or taps, the session is refreshed quietly, so nobody loses work while writing.
 * When nothing happens, a dialog warns two minutes ahead; at the end the app clears its
 * state and goes to the login page.
 */
export default function IdleSession({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [lastActivity, setLastActivity] = useState(() => lastApiActivity() || Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [refreshing, setRefreshing] = useState(false);
  const headingId = useId();
  const textId = useId();
  const continueRef = useRef<HTMLButtonElement>(null);

  const idleEnd = lastActivity + me.session.idleMinutes * 60_000 - SERVER_SLACK_MS;
  const absoluteEnd = Date.parse(me.session.expiresAt);
  const deadline = Number.isNaN(absoluteEnd) ? idleEnd : Math.min(idleEnd, absoluteEnd);
  const phase: Phase =
    now >= deadline ? 'over' : now >= deadline - WARNING_MS ? 'warning' : 'active';
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  // Every answer from the server moves the clock, here and in the app's other tabs.
  useEffect(
    () =>
      onApiEvent((event) => {
        if (event.type !== 'activity') return;
        setLastActivity(event.at);
        setNow(Date.now());
        tellOtherTabs({ type: 'activity', at: event.at });
      }),
    [],
  );

  useEffect(() => {
    const channel = sessionChannel();
    if (!channel) return;
    const onMessage = (event: MessageEvent<SessionMessage>) => {
      const message = event.data;
      if (message.type === 'activity') {
        setLastActivity((current) => Math.max(current, message.at));
      } else if (message.type === 'logout') {
        const timeout = message.reason === 'timeout';
        leave(queryClient, timeout ? TIMEOUT_PATH : '/', message.reason);
      }
    };
    channel.addEventListener('message', onMessage);
    return () => channel.removeEventListener('message', onMessage);
  }, [queryClient]);

  // One tick a second: cheap, and it survives a sleeping laptop (the clock is re-read).
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const refresh = async (): Promise<boolean> => {
    try {
      await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
      return queryClient.getQueryData(meQuery.queryKey) !== null;
    } catch {
      return false;
    }
  };

  // Someone is here and working: keep the session alive without asking.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh reads only stable values
  useEffect(() => {
    let pending = false;
    const onInput = () => {
      if (pending || phaseRef.current !== 'active') return;
      if (Date.now() - lastApiActivity() < KEEP_ALIVE_AFTER_MS) return;
      pending = true;
      void refresh().finally(() => {
        pending = false;
      });
    };
    for (const type of INPUT_EVENTS) {
      window.addEventListener(type, onInput, { capture: true, passive: true });
    }
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
    };
  }, []);

  useEffect(() => {
    if (phase !== 'over') return;
    void endSession(queryClient, { to: TIMEOUT_PATH, force: true, reason: 'timeout' });
  }, [phase, queryClient]);

  // Focus goes into the dialog, and back to where the person was when it closes.
  // (A layout effect runs before the dialog's own effect opens it and moves focus.)
  const returnFocus = useRef<Element | null>(null);
  useLayoutEffect(() => {
    if (phase === 'warning') returnFocus.current = document.activeElement;
  }, [phase]);
  useEffect(() => {
    if (phase === 'warning') {
      continueRef.current?.focus();
    } else if (phase === 'active' && returnFocus.current) {
      const target = returnFocus.current;
      returnFocus.current = null;
      if (target instanceof HTMLElement && target.isConnected) target.focus();
    }
  }, [phase]);

  const keepSession = async () => {
    setRefreshing(true);
    const alive = await refresh();
    setRefreshing(false);
    // /api/me answered 401: the session is already gone.
    if (!alive) leave(queryClient, TIMEOUT_PATH, 'timeout');
  };

  if (phase !== 'warning') return null;

  const time = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'nb-NO', {
    hour: '2-digit',
    minute: '2-digit',
  }).format(deadline);

  return (
    <Dialog
      open
      role="alertdialog"
      aria-labelledby={headingId}
      aria-describedby={textId}
      closeButton={false}
      onClose={() => {
        // Escape: the person is here, which is what "continue" means.
        if (phaseRef.current === 'warning') void keepSession();
      }}
    >
      <Dialog.Block>
        <Heading level={2} data-size="sm" id={headingId}>
          {t('idle.heading')}
        </Heading>
        <Paragraph id={textId}>{t('idle.text', { time })}</Paragraph>
      </Dialog.Block>
      <Dialog.Block>
        <div className="actions">
          <Button ref={continueRef} onClick={keepSession} loading={refreshing}>
            {t('idle.continue')}
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              void endSession(queryClient, { to: '/', force: true });
            }}
          >
            {t('idle.logout')}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}
