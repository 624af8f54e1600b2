import type { MessageTexts } from './messages.nb.ts';
import type { Messages } from './nb.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages; messages: MessageTexts };
  }
}
