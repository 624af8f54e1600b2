import { mayOnPlan, type PlanFacts } from './plans.ts';

/**
 * Message permissions. A message is seen by its sender and the recipients fixed when it
 * was sent — not by the rest of the team — and only while they may read the plan's
 * `messages` section. Deny by default.
 */

export type MessageFacts = {
  senderId: string;
  /** Person ids of the recipients. */
  recipientIds: readonly string[];
  withdrawn: boolean;
  /** Some recipient has read it. */
  readByAnyone: boolean;
};

export type MessageAction =
  | 'message.view'
  | 'message.markRead'
  | 'message.reply'
  | 'message.edit'
  | 'message.withdraw';

/** May the caller list and send messages in this plan at all? */
export function mayReadMessages(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'section.read', 'messages');
}

export function maySendMessages(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'section.write', 'messages');
}

/**
 * May a team member with these facts receive a message? The same rule as reading:
 * a recipient must be able to open what they are sent.
 */
export function mayReceiveMessages(candidate: PlanFacts): boolean {
  return mayReadMessages(candidate);
}

export function mayOnMessage(
  personId: string,
  facts: PlanFacts,
  message: MessageFacts,
  action: MessageAction,
): boolean {
  if (!mayReadMessages(facts)) return false;
  const isSender = message.senderId === personId;
  const isRecipient = message.recipientIds.includes(personId);
  switch (action) {
    case 'message.view':
      return isSender || isRecipient;
    case 'message.markRead':
      return isRecipient;
    case 'message.reply':
      return (isSender || isRecipient) && !message.withdrawn && maySendMessages(facts);
    case 'message.edit':
      // Once somebody has read it, what they read stays what was said.
      return isSender && !message.withdrawn && !message.readByAnyone && maySendMessages(facts);
    case 'message.withdraw':
      return isSender && !message.withdrawn;
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}
