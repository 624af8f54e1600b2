import { describe, expect, it } from 'vitest';
import { tomorrowInNorway } from './reminders.ts';

describe('tomorrowInNorway', () => {
  it('is the day after today by the Norwegian calendar, not by UTC', () => {
    // 23:30 UTC on 28 March 2030 is already 29 March in Norway (UTC+1).
    expect(tomorrowInNorway(new Date('2030-03-28T23:30:00Z'))).toBe('2030-03-30');
    // 22:30 UTC on 30 March is 23:30 in Norway; summer time starts in the night that follows.
    expect(tomorrowInNorway(new Date('2030-03-30T22:30:00Z'))).toBe('2030-03-31');
    // 22:30 UTC on 1 July is already 2 July in Norway (UTC+2).
    expect(tomorrowInNorway(new Date('2030-07-01T22:30:00Z'))).toBe('2030-07-03');
    expect(tomorrowInNorway(new Date('2030-12-31T12:00:00Z'))).toBe('2031-01-01');
  });
});
