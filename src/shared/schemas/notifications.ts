import { z } from 'zod';
import { NOTIFY_CHANNELS } from './people.ts';

/**
 * Bodies of /api/me/notifications and /api/plans/:planId/notification-status, shared by
 * the server (route schemas) and the web app. Nothing here holds an address: which
 * channels can be chosen is told as booleans only.
 */

export const NotificationSettingsBody = z.strictObject({
  channel: z.enum(NOTIFY_CHANNELS),
  /** Also at night (during QUIET_HOURS); absent: unchanged. */
  atNight: z.boolean().optional(),
});
export type NotificationSettingsInput = z.output<typeof NotificationSettingsBody>;

export const NotificationSettings = z.object({
  channel: z.enum(NOTIFY_CHANNELS),
  atNight: z.boolean(),
  /** Which channels have an address on the account (and so can be chosen). */
  channels: z.object({ sms: z.boolean(), email: z.boolean() }),
  /** The quiet hours in Norwegian time, e.g. "22-07"; null when there are none. */
  quietHours: z.string().nullable(),
});
export type NotificationSettingsView = z.output<typeof NotificationSettings>;

export const NOTIFICATION_STATUSES = ['ok', 'failing', 'off'] as const;
export type NotificationStatusValue = (typeof NOTIFICATION_STATUSES)[number];

export const NotificationStatus = z.object({
  participantId: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  /** When the newest notification to them failed (`failing` only). */
  lastFailedAt: z.string().optional(),
  /** A short generic reason ("gateway 400", "invalid address"); never text or address. */
  reason: z.string().optional(),
});
export type NotificationStatusView = z.output<typeof NotificationStatus>;

export const NotificationStatusList = z.object({ items: z.array(NotificationStatus) });
export type NotificationStatusListView = z.output<typeof NotificationStatusList>;
