import en from './auditFlags.en.ts';
import nb from './auditFlags.nb.ts';
import nn from './auditFlags.nn.ts';
import { i18n } from './index.ts';

/**
 * The texts of the page of unusual reading (organisation administrators only), as the
 * i18next namespace `auditFlags`. Only that page imports this module, so no other page
 * carries them; all three languages come together (a few KB).
 */
export const AUDIT_FLAGS_NS = 'auditFlags';

for (const [language, texts] of [
  ['nb', nb],
  ['nn', nn],
  ['en', en],
] as const) {
  if (!i18n.hasResourceBundle(language, AUDIT_FLAGS_NS)) {
    i18n.addResourceBundle(language, AUDIT_FLAGS_NS, texts);
  }
}
