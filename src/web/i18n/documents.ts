import en from './documents.en.ts';
import nb from './documents.nb.ts';
import nn from './documents.nn.ts';
import { i18n } from './index.ts';

/**
 * The texts of the documents page, as the
 * i18next namespace `documents`. Only modules that need them import this one.
 */
export const DOCUMENTS_NS = 'documents';

for (const [language, texts] of [
  ['nb', nb],
  ['nn', nn],
  ['en', en],
] as const) {
  if (!i18n.hasResourceBundle(language, DOCUMENTS_NS)) {
    i18n.addResourceBundle(language, DOCUMENTS_NS, texts);
  }
}
