import { type QueryClient, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  EditMessageInput,
  MessageData,
  SendMessageInput,
} from '../../shared/schemas/messages.ts';
import { api } from './client.ts';

/**
 * Messages (internmeldinger) as the web app uses them (API.md, "Messages"): a plan's
 * conversation, the inbox across plans and unread counts. The query keys are shared with
 * the live-update hook (src/web/api/events.ts), which invalidates them when the server
 * says something changed: keep them exactly as they are.
 *
 * This module is light on purpose: the header's unread badge and the plan overview use it
 * on the front page. The pages themselves are lazy chunks.
 */

export type Message = MessageData;
export type MessageRecipient = MessageData['recipients'][number];
export type SendMessage = SendMessageInput;
export type EditMessage = EditMessageInput;
export type InboxMessage = Message & { plan: { id: string; title: string } };
export type MessagePage = { items: Message[]; next: string | null; unread: number };
export type InboxPage = { items: InboxMessage[]; next: string | null };
export type UnreadCounts = {
  total: number;
  plans: { planId: string; title: string; unread: number }[];
};

/** How many messages a page of the plan's conversation holds; a thread asks for all (max). */
export const MESSAGE_PAGE_SIZE = 50;
export const THREAD_PAGE_SIZE = 200;

export const messageKeys = {
  /** Everything about one plan's messages (the live-update hook invalidates this). */
  plan: (planId: string) => ['plans', planId, 'messages'] as const,
  list: (planId: string) => ['plans', planId, 'messages', 'list'] as const,
  thread: (planId: string, threadId: string) =>
    ['plans', planId, 'messages', 'thread', threadId] as const,
  unread: ['messages', 'unread'] as const,
  inbox: ['messages', 'inbox'] as const,
};

const enc = encodeURIComponent;
const messagesPath = (planId: string) => `/api/plans/${enc(planId)}/messages`;
const messagePath = (planId: string, messageId: string) =>
  `${messagesPath(planId)}/${enc(messageId)}`;

function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const messagesApi = {
  list: (
    planId: string,
    options: { before?: string | null; threadId?: string | null; limit?: number },
    signal?: AbortSignal,
  ) =>
    api.get<MessagePage>(
      withQuery(messagesPath(planId), {
        limit: String(options.limit ?? MESSAGE_PAGE_SIZE),
        before: options.before,
        threadId: options.threadId,
      }),
      signal,
    ),
  read: (planId: string, messageId: string, signal?: AbortSignal) =>
    api.get<Message>(messagePath(planId, messageId), signal),
  send: (planId: string, body: SendMessage) => api.post<Message>(messagesPath(planId), body),
  // `{}` as the body: accepted by the routes whether or not they also take no body at all.
  markRead: (planId: string, messageId: string) =>
    api.post<void>(`${messagePath(planId, messageId)}/read`, {}),
  edit: (planId: string, messageId: string, body: EditMessage) =>
    api.patch<Message>(messagePath(planId, messageId), body),
  withdraw: (planId: string, messageId: string) =>
    api.post<Message>(`${messagePath(planId, messageId)}/withdraw`, {}),
  inbox: (before: string | null, signal?: AbortSignal) =>
    api.get<InboxPage>(withQuery('/api/messages', { before }), signal),
  unread: (signal?: AbortSignal) => api.get<UnreadCounts>('/api/messages/unread', signal),
};

/** The plan's messages (every thread), newest first, a page at a time. */
export function usePlanMessages(planId: string) {
  return useInfiniteQuery({
    queryKey: messageKeys.list(planId),
    queryFn: ({ pageParam, signal }) => messagesApi.list(planId, { before: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

/** One thread's messages, newest first as the API sends them. */
export function useThread(planId: string, threadId: string) {
  return useInfiniteQuery({
    queryKey: messageKeys.thread(planId, threadId),
    queryFn: ({ pageParam, signal }) =>
      messagesApi.list(planId, { before: pageParam, threadId, limit: THREAD_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

/** Messages across all the person's plans, newest first. */
export function useInbox() {
  return useInfiniteQuery({
    queryKey: messageKeys.inbox,
    queryFn: ({ pageParam, signal }) => messagesApi.inbox(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
}

/** Unread messages in total and per plan (counts only). */
export function useUnread(enabled = true) {
  return useQuery({
    queryKey: messageKeys.unread,
    queryFn: ({ signal }) => messagesApi.unread(signal),
    enabled,
  });
}

/** Unread messages in one plan (0 while the counts load). */
export function useUnreadInPlan(planId: string, enabled = true): number {
  const unread = useUnread(enabled);
  return unread.data?.plans.find((p) => p.planId === planId)?.unread ?? 0;
}

/** After a change of ours: the plan's conversation, the inbox and the counts are stale. */
export function refreshMessages(queryClient: QueryClient, planId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: messageKeys.plan(planId) }),
    queryClient.invalidateQueries({ queryKey: messageKeys.unread }),
    queryClient.invalidateQueries({ queryKey: messageKeys.inbox }),
  ]);
}
