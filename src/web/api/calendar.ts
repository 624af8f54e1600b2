import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarFeedCreated, CalendarFeedInfo } from '../../shared/schemas/meetings.ts';
import { api } from './client.ts';

/**
 * The person's own calendar feed (API.md, "Meetings"): whether one is live, making one
 * (a new one ends the old) and turning it off. The feed's address is in the answer to
 * making it, and only there: the server keeps no copy it could show again.
 */

export type CalendarFeed = z.output<typeof CalendarFeedInfo>;
export type NewCalendarFeed = z.output<typeof CalendarFeedCreated>;

export const calendarFeedKey = ['calendar-feed'] as const;

export const calendarApi = {
  info: (signal?: AbortSignal) => api.get<CalendarFeed>('/api/me/calendar', signal),
  /** Makes a new address; any earlier one stops working. */
  create: () => api.post<NewCalendarFeed>('/api/me/calendar/secret', {}),
  revoke: () => api.delete('/api/me/calendar/secret'),
};

export function useCalendarFeed() {
  return useQuery({
    queryKey: calendarFeedKey,
    queryFn: ({ signal }) => calendarApi.info(signal),
  });
}
