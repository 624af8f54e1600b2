import type { AuditFlagTexts } from './auditFlags.nb.ts';
import type { DocumentTexts } from './documents.nb.ts';
import type { MeetingTexts } from './meetings.nb.ts';
import type { MeetingsSummaryTexts } from './meetingsSummary.ts';
import type { MessageTexts } from './messages.nb.ts';
import type { Messages } from './nb.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: Messages;
      messages: MessageTexts;
      meetings: MeetingTexts;
      meetingsSummary: MeetingsSummaryTexts;
      documents: DocumentTexts;
      auditFlags: AuditFlagTexts;
    };
  }
}
