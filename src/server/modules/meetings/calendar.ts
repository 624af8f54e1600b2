import {
  ICalCalendar,
  ICalCalendarMethod,
  type ICalDayJsStub,
  ICalEventStatus,
} from 'ical-generator';
import type { CalendarRow } from './feed-queries.ts';

/**
 * iCalendar (RFC 5545) for meetings: one meeting's `calendar.ics` and a person's feed.
 * Times are local Europe/Oslo time with a VTIMEZONE, so a calendar shows them right on
 * both sides of a daylight-saving change; DTSTAMP is UTC. The UID is the meeting's id and
 * never changes; SEQUENCE grows when the meeting is moved, renamed or cancelled;
 * a cancelled meeting stays in with STATUS:CANCELLED, so calendars remove it.
 *
 * METHOD is PUBLISH: the file carries no ORGANIZER or ATTENDEE (those would be e-mail
 * addresses, which are never shown to others), and iTIP's REQUEST and CANCEL need them.
 * What a calendar learns is the title as the coordinator chose it, the time and the place:
 * no agenda, no invitees, no minutes.
 */

export const TIME_ZONE = 'Europe/Oslo';

/** Europe/Oslo since 1996 (EU rules): CEST from the last Sunday of March to that of October. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  `X-LIC-LOCATION:${TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const OSLO = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * An instant as ical-generator's date stub, formatting as wall-clock time in Oslo. (A
 * native Date with a time zone would be formatted in the server's own zone.)
 */
export function osloTime(instant: Date): ICalDayJsStub {
  const parts: Record<string, string> = {};
  for (const part of OSLO.formatToParts(instant)) parts[part.type] = part.value;
  const stub: ICalDayJsStub = {
    format(pattern?: string) {
      if (pattern === 'YYYYMMDD') return `${parts.year}${parts.month}${parts.day}`;
      if (pattern === 'HHmmss') return `${parts.hour}${parts.minute}${parts.second}`;
      return instant.toISOString();
    },
    isValid: () => true,
    toDate: () => instant,
    toJSON: () => instant.toISOString(),
    tz: () => stub,
  };
  return stub;
}

/** The UID a meeting has in every calendar, for good. */
export const uidOf = (meetingId: string): string => `${meetingId}@samvirke`;

export function renderCalendar(
  meetings: readonly CalendarRow[],
  options: { name?: string; refreshHours?: number } = {},
): string {
  const calendar = new ICalCalendar({
    prodId: { company: 'Samvirke', product: 'Samvirke', language: 'NB' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone (it would make DTSTAMP local); the generator adds the
    // VTIMEZONE each event's TZID names.
    timezone: { name: null, generator: (zone) => (zone === TIME_ZONE ? VTIMEZONE : null) },
    ...(options.name ? { name: options.name } : {}),
    ...(options.refreshHours ? { ttl: options.refreshHours * 3600 } : {}),
  });
  for (const m of meetings) {
    calendar.createEvent({
      id: uidOf(m.id),
      sequence: m.sequence,
      start: osloTime(m.startsAt),
      end: osloTime(m.endsAt),
      timezone: TIME_ZONE,
      stamp: m.updatedAt,
      created: m.createdAt,
      lastModified: m.updatedAt,
      summary: m.title,
      location: m.location,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
