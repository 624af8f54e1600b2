/**
 * When a notification may go out: gathered for NOTIFY_BATCH_SECONDS, then held past quiet
 * hours (QUIET_HOURS, Norwegian local time) unless the person chose to be told at night.
 * Pure functions of an instant; local time comes from Intl (the tz database), so daylight
 * saving changes are right without hand-written offsets.
 */

export const NORWEGIAN_TIME_ZONE = 'Europe/Oslo';

/** Quiet from `startHour`:00 until `endHour`:00, local time; the window may cross midnight. */
export type QuietHours = { startHour: number; endHour: number };

const SPEC = /^(\d{1,2})-(\d{1,2})$/;

/** '22-07' → { 22, 7 }; '' (or an empty window such as '7-7') → null: no quiet hours. */
export function parseQuietHours(spec: string): QuietHours | null {
  if (spec === '') return null;
  const match = SPEC.exec(spec);
  const startHour = Number(match?.[1]);
  const endHour = Number(match?.[2]);
  if (!match || startHour > 23 || endHour > 23) {
    throw new RangeError('Quiet hours must look like 22-07 (whole hours, 0 to 23)');
  }
  return startHour === endHour ? null : { startHour, endHour };
}

export type LocalTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const LOCAL = new Intl.DateTimeFormat('en-US', {
  timeZone: NORWEGIAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The wall-clock time in Norway at an instant. */
export function norwegianTime(instant: Date): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of LOCAL.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far Norwegian wall-clock time is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number): number {
  const local = norwegianTime(new Date(instant));
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * An instant at which Norwegian wall-clock time reads `hour`:00 on that date (`day` may
 * overflow into the next month, as with Date.UTC). When the hour does not exist — the
 * night the clocks go forward — it is the instant the skipped hour ends.
 */
export function norwegianInstant(year: number, month: number, day: number, hour: number): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

export function isQuiet(hour: number, quiet: QuietHours): boolean {
  return quiet.startHour < quiet.endHour
    ? hour >= quiet.startHour && hour < quiet.endHour
    : hour >= quiet.startHour || hour < quiet.endHour;
}

export type ScheduleRule = {
  /** NOTIFY_BATCH_SECONDS: how long events are gathered into one notification; 0: none. */
  batchSeconds: number;
  /** null: no quiet hours. */
  quietHours: QuietHours | null;
  /** The person chose to be notified at night too. */
  atNight: boolean;
};

/**
 * When a notification for something that happened at `now` goes out: after the batching
 * window, moved to the end of quiet hours when it would fall inside them.
 */
export function notifyAt(now: Date, rule: ScheduleRule): Date {
  const due = new Date(now.getTime() + rule.batchSeconds * 1000);
  const quiet = rule.quietHours;
  if (!quiet || rule.atNight) return due;
  const local = norwegianTime(due);
  if (!isQuiet(local.hour, quiet)) return due;
  // Before midnight in a window that crosses it, the quiet hours end tomorrow morning.
  const tomorrow = quiet.startHour > quiet.endHour && local.hour >= quiet.startHour;
  return norwegianInstant(local.year, local.month, local.day + (tomorrow ? 1 : 0), quiet.endHour);
}
