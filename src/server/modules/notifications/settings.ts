import type {
  NotificationSettingsInput,
  NotificationSettingsView,
  NotificationStatusListView,
  NotificationStatusView,
} from '../../../shared/schemas/notifications.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { badRequest, notFound } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { onPlan, planAudit, requirePlan } from '../plans/guard.ts';
import {
  notificationStatus,
  type SettingsRow,
  type StatusRow,
  saveSettings,
  settingsOf,
} from './queries.ts';
import { NOTIFICATION_TEMPLATES } from './worker.ts';

/** A delivery still pending after this long has an unknown outcome: shown as failing. */
const PENDING_TOO_LONG_MS = 15 * 60 * 1000;

function present(row: SettingsRow, quietHours: string): NotificationSettingsView {
  return {
    channel: row.channel,
    atNight: row.atNight,
    channels: { sms: row.hasMobile, email: row.hasEmail },
    quietHours: quietHours === '' ? null : quietHours,
  };
}

function statusOf(row: StatusRow): NotificationStatusView {
  const participantId = row.participantId;
  const reachable =
    row.personStatus === 'active' &&
    ((row.channel === 'sms' && row.hasMobile) || (row.channel === 'email' && row.hasEmail));
  if (!reachable) return { participantId, status: 'off' };
  if (row.lastStatus === 'failed') {
    return {
      participantId,
      status: 'failing',
      ...(row.failedAt ? { lastFailedAt: new Date(row.failedAt).toISOString() } : {}),
      reason: row.reason ?? 'unknown',
    };
  }
  const lastAt = row.lastAt ? new Date(row.lastAt).getTime() : null;
  if (
    row.lastStatus === 'pending' &&
    lastAt !== null &&
    new Date(row.now).getTime() - lastAt > PENDING_TOO_LONG_MS
  ) {
    return { participantId, status: 'failing', reason: 'outcome unknown' };
  }
  return { participantId, status: 'ok' };
}

/** The caller's own notification choice, and the care team's notification health. */
export function createNotificationSettings(deps: { config: Config; db: Db }) {
  const { config, db } = deps;

  return {
    async read(actor: Actor): Promise<NotificationSettingsView> {
      const row = await settingsOf(db, actor.personId);
      if (!row) throw notFound();
      return present(row, config.quietHours);
    },

    /** 400 naming `channel` when the chosen channel has no address on the account. */
    async update(
      context: AuditContext,
      actor: Actor,
      input: NotificationSettingsInput,
    ): Promise<NotificationSettingsView> {
      const row = await db.transaction(async (tx) => {
        const current = await settingsOf(tx, actor.personId, true);
        if (!current) throw notFound();
        const has = { sms: current.hasMobile, email: current.hasEmail, none: true };
        if (!has[input.channel]) {
          const missing = input.channel === 'email' ? 'an e-mail address' : 'a mobile number';
          throw badRequest([{ field: 'channel', message: `needs ${missing} on your account` }]);
        }
        const atNight = input.atNight ?? current.atNight;
        const fields = [
          ...(input.channel !== current.channel ? ['notifyChannel'] : []),
          ...(atNight !== current.atNight ? ['notifyAtNight'] : []),
        ];
        if (fields.length === 0) return current;
        const saved = await saveSettings(tx, current.id, input.channel, atNight);
        if (!saved) throw notFound();
        await recordAudit(tx, context, {
          action: 'person.updated',
          objectId: current.id,
          organizationId: current.organizationId,
          details: { fields: fields.join(',') },
        });
        return saved;
      });
      return present(row, config.quietHours);
    },

    /**
     * For those who see everybody's grants (the coordinator, the owner's side): whose
     * notifications are off or failing, with the generic reason — never what was sent,
     * where to, or about what.
     */
    planStatus(
      context: AuditContext,
      actor: Actor,
      planId: string,
    ): Promise<NotificationStatusListView> {
      const attempt = { action: 'notifications.status.read' };
      return onPlan(db, context, actor, planId, attempt, async (tx, facts) => {
        requirePlan(actor, facts, 'participants.viewAccess');
        const rows = await notificationStatus(tx, facts.plan.id, NOTIFICATION_TEMPLATES);
        await recordAudit(tx, context, {
          ...planAudit(actor, facts),
          action: 'notifications.status.read',
        });
        return { items: rows.map(statusOf) };
      });
    },
  };
}
