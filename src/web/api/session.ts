import type { QueryClient } from '@tanstack/react-query';
import { rememberLanguage } from '../i18n/index.ts';
import { logout, logoutEverywhere } from './auth.ts';
import { ApiError } from './client.ts';
import { clearAllDrafts, restoreDrafts } from './drafts.ts';

/** Messages between this app's tabs: activity moves every tab's idle clock; logout ends all. */
export type SessionMessage =
  | { type: 'activity'; at: number }
  | { type: 'logout'; reason: 'logout' | 'timeout' };

let channel: BroadcastChannel | null | undefined;

export function sessionChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel('samvirke-session') : null;
  }
  return channel;
}

export function tellOtherTabs(message: SessionMessage): void {
  try {
    sessionChannel()?.postMessage(message);
  } catch {
    // A closed channel: the other tabs find out at their next call.
  }
}

export const TIMEOUT_PATH = '/logg-inn?error=timeout';

/**
 * Leaves the app with a clean slate: drops every cached answer and loads `to` as a new
 * page, so nothing of the session stays in memory (a shared phone or PC). Unsaved drafts
 * of the person's own text go with a logout, but survive the idle timeout, so that they
 * are offered again after the next login.
 */
export function leave(
  queryClient: QueryClient,
  to: string,
  reason: 'logout' | 'timeout' = 'logout',
): void {
  queryClient.clear();
  rememberLanguage();
  if (reason === 'timeout') restoreDrafts();
  else clearAllDrafts();
  window.location.assign(to);
}

/**
 * Ends the session on the server, then leaves. Throws when the server could not end it
 * (the caller says so: the session may still be alive). With `force`, leaves anyway
 * (the idle timeout: the session is ending by itself).
 */
export async function endSession(
  queryClient: QueryClient,
  options: { to: string; everywhere?: boolean; force?: boolean; reason?: 'logout' | 'timeout' },
): Promise<void> {
  let target = options.to;
  try {
    if (options.everywhere) {
      await logoutEverywhere();
    } else {
      const reply = await logout();
      // For an ID-porten session, the browser goes on to end that one too.
      if (reply?.endSessionUrl && /^https?:\/\//i.test(reply.endSessionUrl)) {
        target = reply.endSessionUrl;
      }
    }
  } catch (error) {
    // 401: the session had already ended, which is what we wanted.
    const gone = error instanceof ApiError && error.status === 401;
    if (!gone && !options.force) throw error;
  }
  const reason = options.reason ?? 'logout';
  tellOtherTabs({ type: 'logout', reason });
  leave(queryClient, target, reason);
}
