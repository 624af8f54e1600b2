import { i18n } from './index.ts';
import en from './messages.en.ts';
import nb from './messages.nb.ts';
import nn from './messages.nn.ts';

/**
 * The texts of the messages pages, as the i18next namespace `messages`. Only those pages
 * import this module, so the front page does not carry them; all three languages come
 * together (a few KB), so changing the language needs no extra fetch.
 */
export const MESSAGES_NS = 'messages';

for (const [language, texts] of [
  ['nb', nb],
  ['nn', nn],
  ['en', en],
] as const) {
  if (!i18n.hasResourceBundle(language, MESSAGES_NS)) {
    i18n.addResourceBundle(language, MESSAGES_NS, texts);
  }
}
