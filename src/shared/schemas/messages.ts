import { z } from 'zod';
import { PageQuery } from './sections.ts';

/**
 * Messages (internmeldinger) inside a plan: bodies the web composer and the API share,
 * and the shapes the API returns. Text is plain text with line breaks, never HTML.
 */

export const MESSAGE_BODY_MAX = 10_000;
export const MESSAGE_SUBJECT_MAX = 200;
export const RECIPIENTS_MAX = 100;

// NUL cannot be stored; other control characters (tab and line breaks aside) have no place.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const plain = (max: number) =>
  z
    .string({ error: 'must be text' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !CONTROL.test(value), { error: 'must not hold control characters' });
const nonBlank = (value: string) => value.trim().length > 0;
const Id = z.guid({ error: 'must be an id' });

export const MessageBodyText = plain(MESSAGE_BODY_MAX).refine(nonBlank, {
  error: 'must not be empty',
});
export const MessageSubject = plain(MESSAGE_SUBJECT_MAX).refine(nonBlank, {
  error: 'must not be empty',
});

export const SendMessageBody = z.strictObject({
  body: MessageBodyText,
  subject: MessageSubject.optional(),
  /** Participant ids; absent: everyone in the team who may read messages. */
  recipientIds: z
    .array(Id, { error: 'must be a list of participant ids' })
    .min(1, { error: 'must name at least one recipient' })
    .max(RECIPIENTS_MAX, { error: `must name at most ${RECIPIENTS_MAX} recipients` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a recipient' })
    .optional(),
  /** A reply: the message answered. The thread and, by default, its people follow. */
  replyToId: Id.optional(),
  /** Files come through the documents rules once they exist; until then none. */
  attachments: z.array(z.never(), { error: 'attachments are not supported yet' }).max(0).optional(),
});
export type SendMessageInput = z.output<typeof SendMessageBody>;

export const EditMessageBody = z.strictObject({
  version: z.int({ error: 'must be the version you read' }).min(1),
  body: MessageBodyText.optional(),
  subject: MessageSubject.nullable().optional(),
});
export type EditMessageInput = z.output<typeof EditMessageBody>;

export const MessageListQuery = PageQuery.extend({
  /** Only this thread (oldest first is the web app's choice; the list is newest first). */
  threadId: Id.optional(),
});
export type MessageListInput = z.output<typeof MessageListQuery>;

export const MessageParams = z.strictObject({ planId: z.string(), messageId: z.string() });

const ParticipantRef = z.object({
  participantId: z.string(),
  name: z.string(),
  role: z.string(),
  /** "Fysioterapeut, Demo kommune", as shown to others. */
  function: z.string().nullable(),
  removed: z.boolean(),
});

export const Message = z.object({
  id: z.string(),
  planId: z.string(),
  threadId: z.string(),
  replyToId: z.string().nullable(),
  subject: z.string().nullable(),
  /** null once withdrawn: the message shows as "trukket tilbake". */
  body: z.string().nullable(),
  sender: ParticipantRef,
  recipients: z.array(
    ParticipantRef.extend({
      /** When they read it: shown to the sender only; null for others and while unread. */
      readAt: z.string().nullable(),
    }),
  ),
  recipientCount: z.number(),
  readCount: z.number(),
  /** Sent by the caller. */
  mine: z.boolean(),
  /** Whether the caller (as a recipient) has read it; null when the caller sent it. */
  readByMe: z.boolean().nullable(),
  /** The caller may still edit it: their own, not withdrawn, read by nobody yet. */
  editable: z.boolean(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  version: z.number(),
});
export type MessageData = z.infer<typeof Message>;

export const MessageList = z.object({
  items: z.array(Message),
  next: z.string().nullable(),
  /** Unread messages for the caller in this plan. */
  unread: z.number(),
});

export const InboxItem = Message.extend({ plan: z.object({ id: z.string(), title: z.string() }) });
export const Inbox = z.object({ items: z.array(InboxItem), next: z.string().nullable() });

export const UnreadCounts = z.object({
  total: z.number(),
  plans: z.array(z.object({ planId: z.string(), title: z.string(), unread: z.number() })),
});
