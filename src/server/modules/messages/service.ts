import type {
  EditMessageInput,
  MessageData,
  MessageListInput,
  SendMessageInput,
} from '../../../shared/schemas/messages.ts';
import { type MessageAction, mayOnMessage, mayReceiveMessages } from '../../access/messages.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest, forbidden, notFound } from '../../http/problem.ts';
import type { AuditContext } from '../audit/service.ts';
import { recordEvent } from '../events/record.ts';
import type { Notifications } from '../notifications/types.ts';
import { memberFacts, type TeamMemberRow, teamMembers } from '../plans/facts.ts';
import { conflict, decodeCursor, isUuid, page, staleVersion } from '../plans/present.ts';
import { type GuardDeps, inPlan } from '../sections/guard.ts';
import { factsOf, presentMessage } from './present.ts';
import {
  editMessage,
  insertMessage,
  listMessages,
  type MessageRow,
  markRead,
  messageById,
  unreadByPlan,
  withdrawMessage,
} from './queries.ts';

/**
 * Messages inside a plan. Each use case runs in one transaction with its access check,
 * its audit row and — for a new message — its plan event and notification jobs, so a
 * message exists exactly when everything it causes is queued (SECURITY.md M3).
 */

export type MessagesServiceDeps = GuardDeps & { notifications: Notifications };

export type Caller = { context: AuditContext; actor: Actor };

export const SECTION = 'messages' as const;

/** The message, if the caller may see it; 404 otherwise, exactly as a missing one. */
async function visibleMessage(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
  messageId: string,
  lock = false,
): Promise<MessageRow> {
  const row = isUuid(messageId) ? await messageById(tx, facts.plan.id, messageId, lock) : null;
  if (!row || !mayOnMessage(actor.personId, facts, factsOf(row), 'message.view')) {
    throw notFound();
  }
  return row;
}

function may(actor: Actor, facts: PlanFacts, row: MessageRow, action: MessageAction): boolean {
  return mayOnMessage(actor.personId, facts, factsOf(row), action);
}

/** Records a change to a message for the people it concerns, in the transaction. */
function messageEvent(
  tx: Queryable,
  actor: Actor,
  row: Pick<MessageRow, 'id' | 'planId'>,
  type: 'message.created' | 'message.read' | 'message.edited' | 'message.withdrawn',
  audience: readonly string[],
): Promise<void> {
  return recordEvent(tx, {
    type,
    planId: row.planId,
    section: SECTION,
    subjectId: row.id,
    audience,
    actorId: actor.personId,
  });
}

/** The sender and every recipient of a message. */
const everyoneOn = (row: MessageRow): string[] => [
  row.senderId,
  ...row.recipients.map((r) => r.personId),
];

/** The message as it is now, shown to the caller. */
async function reread(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
  messageId: string,
): Promise<MessageData> {
  const row = await messageById(tx, facts.plan.id, messageId);
  if (!row) throw new Error('a message changed in this transaction is missing');
  return shown(actor, facts, row);
}

export function shown(actor: Actor, facts: PlanFacts, row: MessageRow): MessageData {
  return presentMessage(row, actor.personId, may(actor, facts, row, 'message.edit'));
}

export function createMessagesService(deps: MessagesServiceDeps) {
  /** Who receives a new message: named participants, the thread's people, or everyone. */
  async function recipientsFor(
    tx: Queryable,
    actor: Actor,
    facts: PlanFacts,
    input: SendMessageInput,
    parent: MessageRow | null,
  ): Promise<TeamMemberRow[]> {
    const members = await teamMembers(tx, facts.plan.id);
    const mayReceive = (m: TeamMemberRow) =>
      m.personId !== actor.personId && mayReceiveMessages(memberFacts(facts, m));
    if (input.recipientIds) {
      const byId = new Map(members.map((m) => [m.participantId, m]));
      const chosen = input.recipientIds.map((id) => byId.get(id));
      if (chosen.some((m) => m === undefined || !mayReceive(m))) {
        throw badRequest([
          {
            field: 'recipientIds',
            message: 'must name participants of this plan who may read its messages',
          },
        ]);
      }
      return chosen.filter((m): m is TeamMemberRow => m !== undefined);
    }
    const threadPeople = parent
      ? new Set([parent.senderId, ...parent.recipients.map((r) => r.personId)])
      : null;
    const chosen = members.filter(
      (m) => mayReceive(m) && (threadPeople === null || threadPeople.has(m.personId)),
    );
    if (chosen.length === 0) {
      throw badRequest([
        { field: 'recipientIds', message: 'nobody in the team can receive this message' },
      ]);
    }
    return chosen;
  }

  return {
    list(caller: Caller, planId: string, query: MessageListInput) {
      const before = decodeCursor(query.before);
      if (query.threadId !== undefined && !isUuid(query.threadId)) throw notFound();
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'message.list' },
        async ({ tx, facts, audit }) => {
          const rows = await listMessages(tx, {
            planId,
            personId: caller.actor.personId,
            limit: query.limit,
            before,
            threadId: query.threadId ?? null,
          });
          const [unread] = await unreadByPlan(tx, caller.actor.personId, [planId]);
          await audit();
          const paged = page(rows, query.limit);
          return {
            items: paged.rows.map((row) => shown(caller.actor, facts, row)),
            next: paged.next,
            unread: unread?.unread ?? 0,
          };
        },
      );
    },

    read(caller: Caller, planId: string, messageId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'message.read' },
        async ({ tx, facts, audit }) => {
          const row = await visibleMessage(tx, caller.actor, facts, messageId);
          await audit({ objectId: row.id });
          return shown(caller.actor, facts, row);
        },
      );
    },

    send(caller: Caller, planId: string, input: SendMessageInput) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: SECTION, audit: 'message.sent' },
        async ({ tx, facts, audit }) => {
          const sender = facts.participant;
          if (!sender) throw notFound();
          let parent: MessageRow | null = null;
          if (input.replyToId !== undefined) {
            parent = await messageById(tx, planId, input.replyToId);
            if (!parent || !may(caller.actor, facts, parent, 'message.view')) {
              throw badRequest([{ field: 'replyToId', message: 'is not a message you can see' }]);
            }
            if (!may(caller.actor, facts, parent, 'message.reply')) {
              throw conflict('This message was withdrawn and cannot be answered');
            }
          }
          const recipients = await recipientsFor(tx, caller.actor, facts, input, parent);
          const id = await insertMessage(tx, {
            planId,
            threadId: parent?.threadId ?? null,
            replyToId: parent?.id ?? null,
            senderId: caller.actor.personId,
            senderParticipantId: sender.id,
            subject: input.subject ?? null,
            body: input.body,
            recipients,
          });
          const personIds = recipients.map((r) => r.personId);
          await messageEvent(tx, caller.actor, { id, planId }, 'message.created', [
            caller.actor.personId,
            ...personIds,
          ]);
          await deps.notifications.queue(tx, {
            kind: 'message',
            planId,
            subjectId: id,
            personIds,
            actorId: caller.actor.personId,
          });
          await audit({ objectId: id });
          return reread(tx, caller.actor, facts, id);
        },
      );
    },

    markRead(caller: Caller, planId: string, messageId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'message.markedRead' },
        async ({ tx, facts, audit }) => {
          const row = await visibleMessage(tx, caller.actor, facts, messageId);
          if (!may(caller.actor, facts, row, 'message.markRead')) {
            throw forbidden('Only a recipient marks a message as read');
          }
          if (await markRead(tx, row.id, caller.actor.personId)) {
            await messageEvent(tx, caller.actor, row, 'message.read', [
              row.senderId,
              caller.actor.personId,
            ]);
            await audit({ objectId: row.id });
          }
        },
      );
    },

    edit(caller: Caller, planId: string, messageId: string, input: EditMessageInput) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: SECTION, audit: 'message.edited' },
        async ({ tx, facts, audit }) => {
          const row = await visibleMessage(tx, caller.actor, facts, messageId, true);
          if (row.senderId !== caller.actor.personId) {
            throw forbidden('Only the sender edits a message');
          }
          if (row.version !== input.version) throw staleVersion();
          if (!may(caller.actor, facts, row, 'message.edit')) {
            throw conflict(
              row.withdrawnAt
                ? 'This message was withdrawn'
                : 'Somebody has read this message; send a new one instead',
            );
          }
          await editMessage(tx, row.id, {
            subject: input.subject !== undefined ? input.subject : row.subject,
            body: input.body ?? row.body,
          });
          await messageEvent(tx, caller.actor, row, 'message.edited', everyoneOn(row));
          await audit({ objectId: row.id });
          return reread(tx, caller.actor, facts, row.id);
        },
      );
    },

    withdraw(caller: Caller, planId: string, messageId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'message.withdrawn' },
        async ({ tx, facts, audit }) => {
          const row = await visibleMessage(tx, caller.actor, facts, messageId, true);
          if (row.senderId !== caller.actor.personId) {
            throw forbidden('Only the sender withdraws a message');
          }
          if (row.withdrawnAt === null) {
            await withdrawMessage(tx, row.id);
            await messageEvent(tx, caller.actor, row, 'message.withdrawn', everyoneOn(row));
            await audit({ objectId: row.id });
          }
          return reread(tx, caller.actor, facts, row.id);
        },
      );
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
