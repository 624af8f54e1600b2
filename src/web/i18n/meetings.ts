import { i18n } from './index.ts';
import en from './meetings.en.ts';
import nb from './meetings.nb.ts';
import nn from './meetings.nn.ts';

/**
 * The texts of the meetings and tasks pages (and their parts of the plan overview), as the
 * i18next namespace `meetings`. Only modules that need them import this one.
 */
export const MEETINGS_NS = 'meetings';

for (const [language, texts] of [
  ['nb', nb],
  ['nn', nn],
  ['en', en],
] as const) {
  if (!i18n.hasResourceBundle(language, MEETINGS_NS)) {
    i18n.addResourceBundle(language, MEETINGS_NS, texts);
  }
}
