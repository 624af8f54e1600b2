import { useQuery } from '@tanstack/react-query';
import type {
  NotificationSettingsInput,
  NotificationSettingsView,
  NotificationStatusView,
} from '../../shared/schemas/notifications.ts';
import { api } from './client.ts';

// Types only: the schemas module pulls in zod, which stays out of the bundle.
export type NotificationSettings = NotificationSettingsView;
export type NotificationChoice = NotificationSettingsInput;
export type NotifyChannel = NotificationSettings['channel'];
export type NotificationStatus = NotificationStatusView;

export const notifyChannels: readonly NotifyChannel[] = ['sms', 'email', 'none'];

export const notificationsApi = {
  settings: (signal?: AbortSignal) =>
    api.get<NotificationSettings>('/api/me/notifications', signal),
  save: (choice: NotificationChoice) =>
    api.put<NotificationSettings>('/api/me/notifications', choice),
  planStatus: (planId: string, signal?: AbortSignal) =>
    api.get<{ items: NotificationStatus[] }>(
      `/api/plans/${encodeURIComponent(planId)}/notification-status`,
      signal,
    ),
};

export const notificationsKey = ['notifications'] as const;
export const notificationStatusKey = (planId: string) =>
  ['plans', 'plan', planId, 'notification-status'] as const;

/** Whose notifications are off or failing in a plan; only for those who see everybody's grants. */
export function useNotificationStatus(planId: string, enabled: boolean) {
  return useQuery({
    queryKey: notificationStatusKey(planId),
    queryFn: ({ signal }) => notificationsApi.planStatus(planId, signal),
    select: (page) => page.items,
    enabled,
  });
}
