import { describe, expect, it } from 'vitest';
import {
  isQuiet,
  norwegianInstant,
  norwegianTime,
  notifyAt,
  parseQuietHours,
  type ScheduleRule,
} from './schedule.ts';

const night = parseQuietHours('22-07');
const rule = (extra: Partial<ScheduleRule> = {}): ScheduleRule => ({
  batchSeconds: 300,
  quietHours: night,
  atNight: false,
  ...extra,
});
const at = (iso: string) => new Date(iso);
const when = (iso: string, extra: Partial<ScheduleRule> = {}) =>
  notifyAt(at(iso), rule(extra)).toISOString();

describe('parseQuietHours', () => {
  it('reads hours, and treats empty or zero-length windows as none', () => {
    expect(parseQuietHours('22-07')).toEqual({ startHour: 22, endHour: 7 });
    expect(parseQuietHours('1-5')).toEqual({ startHour: 1, endHour: 5 });
    expect(parseQuietHours('')).toBeNull();
    expect(parseQuietHours('07-07')).toBeNull();
  });

  it('refuses anything else', () => {
    for (const bad of ['22', '24-07', '22-7-1', 'a-b', ' 22-07']) {
      expect(() => parseQuietHours(bad)).toThrow(RangeError);
    }
  });
});

describe('norwegianTime and norwegianInstant', () => {
  it('read winter (UTC+1) and summer (UTC+2) time', () => {
    expect(norwegianTime(at('2026-01-15T12:00:00Z'))).toMatchObject({ day: 15, hour: 13 });
    expect(norwegianTime(at('2026-07-15T12:00:00Z'))).toMatchObject({ day: 15, hour: 14 });
    expect(norwegianInstant(2026, 1, 16, 7).toISOString()).toBe('2026-01-16T06:00:00.000Z');
    expect(norwegianInstant(2026, 7, 16, 7).toISOString()).toBe('2026-07-16T05:00:00.000Z');
    // The day overflows into the next month.
    expect(norwegianInstant(2026, 1, 32, 7).toISOString()).toBe('2026-02-01T06:00:00.000Z');
  });

  it('an hour skipped when the clocks go forward becomes the instant the gap ends', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    expect(norwegianInstant(2026, 3, 29, 2).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(norwegianInstant(2026, 3, 29, 3).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('isQuiet', () => {
  it('a window across midnight and one inside a day', () => {
    const q = { startHour: 22, endHour: 7 };
    expect([21, 22, 23, 0, 6, 7].map((h) => isQuiet(h, q))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    const day = { startHour: 13, endHour: 15 };
    expect([12, 13, 14, 15].map((h) => isQuiet(h, day))).toEqual([false, true, true, false]);
  });
});

describe('notifyAt', () => {
  it('in the daytime: after the batching window', () => {
    // 10:00 in Oslo (winter).
    expect(when('2026-01-15T09:00:00Z')).toBe('2026-01-15T09:05:00.000Z');
    expect(when('2026-01-15T09:00:00Z', { batchSeconds: 0 })).toBe('2026-01-15T09:00:00.000Z');
  });

  it('a window that ends inside quiet hours waits for 07:00 the next morning', () => {
    // 21:58 CET + 5 minutes = 22:03: quiet.
    expect(when('2026-01-15T20:58:00Z')).toBe('2026-01-16T06:00:00.000Z');
    // 21:54 CET + 5 minutes = 21:59: not yet quiet.
    expect(when('2026-01-15T20:54:00Z')).toBe('2026-01-15T20:59:00.000Z');
  });

  it('after midnight it waits for 07:00 the same day', () => {
    // 00:30 CET on 16 January.
    expect(when('2026-01-15T23:30:00Z')).toBe('2026-01-16T06:00:00.000Z');
    // 06:59:59 is quiet, 07:00 is not.
    expect(when('2026-01-16T05:54:59Z')).toBe('2026-01-16T06:00:00.000Z');
    expect(when('2026-01-16T05:55:00Z')).toBe('2026-01-16T06:00:00.000Z');
    expect(when('2026-01-16T05:55:01Z')).toBe('2026-01-16T06:00:01.000Z');
  });

  it('in summer time the morning is 05:00 UTC', () => {
    // 23:00 CEST on 1 July.
    expect(when('2026-07-01T21:00:00Z')).toBe('2026-07-02T05:00:00.000Z');
  });

  it('the night the clocks go forward: 07:00 CEST, not 07:00 CET', () => {
    // 23:30 CET on 28 March; the clocks go forward at 02:00 on 29 March.
    expect(when('2026-03-28T22:30:00Z')).toBe('2026-03-29T05:00:00.000Z');
  });

  it('the night the clocks go back: 07:00 CET, not 07:00 CEST', () => {
    // 23:30 CEST on 24 October; the clocks go back at 03:00 on 25 October.
    expect(when('2026-10-24T21:30:00Z')).toBe('2026-10-25T06:00:00.000Z');
    // 02:30 local happens twice that night; either way the morning is 06:00 UTC.
    expect(when('2026-10-25T00:30:00Z')).toBe('2026-10-25T06:00:00.000Z');
    expect(when('2026-10-25T01:30:00Z')).toBe('2026-10-25T06:00:00.000Z');
  });

  it('the year turns over with the night', () => {
    expect(when('2026-12-31T22:00:00Z')).toBe('2027-01-01T06:00:00.000Z');
  });

  it('a window inside one day ends the same day', () => {
    const lunch = parseQuietHours('13-15');
    // 13:30 CET.
    expect(when('2026-01-15T12:30:00Z', { quietHours: lunch })).toBe('2026-01-15T14:00:00.000Z');
    // 15:00 CET: already over.
    expect(when('2026-01-15T13:55:00Z', { quietHours: lunch })).toBe('2026-01-15T14:00:00.000Z');
    expect(when('2026-01-15T14:00:00Z', { quietHours: lunch })).toBe('2026-01-15T14:05:00.000Z');
  });

  it('the choice to be told at night, and no quiet hours at all, send at once', () => {
    expect(when('2026-01-15T23:30:00Z', { atNight: true })).toBe('2026-01-15T23:35:00.000Z');
    expect(when('2026-01-15T23:30:00Z', { quietHours: null })).toBe('2026-01-15T23:35:00.000Z');
  });
});
