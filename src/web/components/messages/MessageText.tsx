import { splitLinks } from './links.ts';

/**
 * A message's text as written: plain text with its line breaks kept (CSS pre-wrap), and
 * http(s) addresses as links. Never HTML: every part is a React text node or an <a> whose
 * href has been checked.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <p className="plain-text message-text">
      {splitLinks(text).map((part, index) =>
        part.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
          <a key={index} href={part.href} rel="noopener noreferrer" className="ds-link">
            {part.text}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
