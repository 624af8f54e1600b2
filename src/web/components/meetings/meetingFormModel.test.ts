import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../api/meetings.ts';
import { changesOf, inviteesChanged, timesChanged, valuesOf } from './meetingFormModel.ts';
import { osloDateAndTime, osloInstant } from './time.ts';

const meeting = (over: Partial<Meeting> = {}): Meeting =>
  ({
    id: 'm1',
    title: 'Ansvarsgruppemøte',
    startsAt: '2026-03-10T09:00:00.000Z',
    endsAt: '2026-03-10T10:30:00.000Z',
    location: 'Rådhuset',
    agenda: '1. Treningen\n',
    version: 3,
    invitees: [{ participantId: 'p-kari' }, { participantId: 'p-ola' }],
    ...over,
  }) as Meeting;

describe('meeting times in Oslo', () => {
  it('shows an instant as the date and clock in Oslo, summer and winter', () => {
    expect(osloDateAndTime('2026-03-10T09:00:00Z')).toEqual({ date: '2026-03-10', time: '10:00' });
    expect(osloDateAndTime('2026-07-01T22:30:00Z')).toEqual({ date: '2026-07-02', time: '00:30' });
    expect(osloDateAndTime('not a time')).toEqual({ date: '', time: '' });
  });

  it('turns what the form shows back into the same instant', () => {
    for (const instant of ['2026-03-29T00:30:00.000Z', '2026-10-25T02:15:00.000Z']) {
      const { date, time } = osloDateAndTime(instant);
      expect(osloInstant(date, time)).toBe(instant);
    }
  });
});

describe('a change to a meeting', () => {
  it('fills the form from the meeting, with those invited now', () => {
    expect(valuesOf(meeting())).toEqual({
      title: 'Ansvarsgruppemøte',
      date: '2026-03-10',
      start: '10:00',
      end: '11:30',
      location: 'Rådhuset',
      agenda: '1. Treningen\n',
      invitees: ['p-kari', 'p-ola'],
    });
  });

  it('names the invitees only when someone was added or taken off, as the whole list', () => {
    const same = { ...valuesOf(meeting()), invitees: ['p-ola', 'p-kari'] };
    expect(inviteesChanged(same, meeting())).toBeNull();
    expect(changesOf(same, meeting())).toEqual({});
    const added = { ...valuesOf(meeting()), invitees: ['p-kari', 'p-ola', 'p-per'] };
    expect(changesOf(added, meeting())).toEqual({ inviteeIds: ['p-kari', 'p-ola', 'p-per'] });
    const swapped = { ...valuesOf(meeting()), invitees: ['p-kari', 'p-per'], location: 'Teams' };
    expect(changesOf(swapped, meeting())).toEqual({
      location: 'Teams',
      inviteeIds: ['p-kari', 'p-per'],
    });
    // A draft from before invitees could be changed names none.
    const { invitees: _, ...old } = valuesOf(meeting());
    expect(inviteesChanged(old, meeting())).toBeNull();
  });

  it('names nothing when nothing differs (trailing white space in the agenda aside)', () => {
    const values = { ...valuesOf(meeting()), agenda: '1. Treningen  \n\n' };
    expect(changesOf(values, meeting())).toEqual({});
  });

  it('names only what differs: a new day and start, with the end as it was', () => {
    const values = { ...valuesOf(meeting()), date: '2026-03-12', start: '10:00', end: '11:30' };
    expect(changesOf(values, meeting())).toEqual({
      startsAt: '2026-03-12T09:00:00.000Z',
      endsAt: '2026-03-12T10:30:00.000Z',
    });
    const later = { ...valuesOf(meeting()), start: '10:15', location: ' Helsehuset ' };
    expect(changesOf(later, meeting())).toEqual({
      startsAt: '2026-03-10T09:15:00.000Z',
      location: 'Helsehuset',
    });
  });

  it('keeps the times of a meeting over midnight when only its title changes', () => {
    const overnight = meeting({
      startsAt: '2026-03-10T21:00:00.000Z',
      endsAt: '2026-03-11T07:00:00.000Z',
    });
    const values = { ...valuesOf(overnight), title: 'Nattevakt' };
    expect(timesChanged(values, overnight)).toBe(false);
    expect(changesOf(values, overnight)).toEqual({ title: 'Nattevakt' });
  });
});
