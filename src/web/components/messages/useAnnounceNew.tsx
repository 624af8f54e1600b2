import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../api/messages.ts';

/**
 * What to say in a polite live region when messages from others appear in a list that is
 * already showing (a live update): "Ny melding fra Per Fysio", never the message itself.
 * The first load says nothing.
 */
export function useAnnounceNew(messages: Message[] | undefined): string {
  const { t } = useTranslation('messages');
  const known = useRef<Set<string> | null>(null);
  const newest = useRef('');
  const [text, setText] = useState('');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!messages) return;
    // ISO times in one format: the greatest string is the latest time.
    const latest =
      messages
        .map((m) => m.createdAt)
        .sort()
        .pop() ?? '';
    if (known.current === null) {
      known.current = new Set(messages.map((m) => m.id));
      newest.current = latest;
      return;
    }
    const seen = known.current;
    // Older pages loaded on request are not news: only what came after the newest shown.
    const since = newest.current;
    const fresh = messages.filter((m) => !seen.has(m.id) && !m.mine && m.createdAt > since);
    for (const m of messages) seen.add(m.id);
    if (latest > newest.current) newest.current = latest;
    if (fresh.length === 0) return;
    const [first] = fresh;
    const next =
      fresh.length === 1 && first
        ? t('live.newFrom', { name: first.sender.name })
        : t('live.newMany', { count: fresh.length });
    // Emptied first, so that the same words twice in a row are read out twice.
    setText('');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setText(next), 150);
  }, [messages, t]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return text;
}

/** The region itself: always in the page, so that changes to it are read out. */
export function LiveAnnouncer({ text }: { text: string }) {
  return (
    <div className="ds-sr-only" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
