import type { Message } from '../../api/messages.ts';

/** A conversation as the lists show it: its messages grouped, the newest activity first. */
export type Thread<M extends Message = Message> = {
  id: string;
  planId: string;
  /** The first message, when it is among those loaded. */
  root: M | null;
  latest: M;
  /** Oldest first, as a conversation reads. */
  messages: M[];
  unread: number;
  subject: string | null;
};

export function isUnread(message: Message): boolean {
  return message.readByMe === false && message.withdrawnAt === null;
}

/** Groups messages (any order) by thread; threads newest first by their latest message. */
export function groupThreads<M extends Message>(messages: M[]): Thread<M>[] {
  const byThread = new Map<string, M[]>();
  for (const message of messages) {
    const list = byThread.get(message.threadId);
    if (list) list.push(message);
    else byThread.set(message.threadId, [message]);
  }
  const threads: Thread<M>[] = [];
  for (const [id, list] of byThread) {
    const ordered = oldestFirst(list);
    const root = ordered.find((m) => m.id === id) ?? null;
    const latest = ordered[ordered.length - 1];
    if (!latest) continue;
    threads.push({
      id,
      planId: latest.planId,
      root,
      latest,
      messages: ordered,
      unread: ordered.filter(isUnread).length,
      subject: root?.subject ?? ordered.find((m) => m.subject)?.subject ?? null,
    });
  }
  return threads.sort((a, b) => compareTime(b.latest, a.latest));
}

function compareTime(a: Message, b: Message): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export function oldestFirst<M extends Message>(messages: M[]): M[] {
  const unique = new Map(messages.map((m) => [m.id, m]));
  return [...unique.values()].sort(compareTime);
}

/** The first line of a text, cut to `max` characters (for a list's preview). */
export function preview(text: string, max = 140): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
