import type { MessageData } from '../../../shared/schemas/messages.ts';
import type { MessageFacts } from '../../access/messages.ts';
import { iso, isoOrNull } from '../plans/present.ts';
import type { MessageRow, RecipientRow } from './queries.ts';

/** How a message row is shown to one person: content withheld once withdrawn. */

function functionOf(title: string | null, organization: string | null): string | null {
  const parts = [title, organization].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
}

export function factsOf(row: MessageRow): MessageFacts {
  return {
    senderId: row.senderId,
    recipientIds: row.recipients.map((r) => r.personId),
    withdrawn: row.withdrawnAt !== null,
    readByAnyone: row.recipients.some((r) => r.readAt !== null),
  };
}

function recipientOf(r: RecipientRow, showReadAt: boolean) {
  return {
    participantId: r.participantId,
    name: r.name,
    role: r.role,
    function: functionOf(r.functionTitle, r.organizationName),
    removed: r.removed,
    readAt: showReadAt ? r.readAt : null,
  };
}

export function presentMessage(row: MessageRow, viewerId: string, editable: boolean): MessageData {
  const mine = row.senderId === viewerId;
  const own = row.recipients.find((r) => r.personId === viewerId);
  const withdrawn = row.withdrawnAt !== null;
  return {
    id: row.id,
    planId: row.planId,
    threadId: row.threadId,
    replyToId: row.replyToId,
    subject: withdrawn ? null : row.subject,
    body: withdrawn ? null : row.body,
    sender: {
      participantId: row.senderParticipantId,
      name: row.senderName,
      role: row.senderRole,
      function: functionOf(row.senderFunction, row.senderOrganization),
      removed: row.senderRemoved,
    },
    recipients: row.recipients.map((r) => recipientOf(r, mine)),
    recipientCount: row.recipients.length,
    readCount: row.recipients.filter((r) => r.readAt !== null).length,
    mine,
    readByMe: mine && !own ? null : own ? own.readAt !== null : null,
    editable,
    createdAt: iso(row.createdAt),
    editedAt: isoOrNull(row.editedAt),
    withdrawnAt: isoOrNull(row.withdrawnAt),
    version: row.version,
  };
}
