import { describe, expect, it } from 'vitest';
import {
  describeReminder,
  describeSchedule,
  formFor,
  minuteToTime,
  scheduleOf,
  timeToMinute,
  weekdayOf,
} from './reminders';

describe('1:1 schedules', () => {
  it('turns times of day into minutes and back', () => {
    expect(timeToMinute('10:00')).toBe(600);
    expect(timeToMinute('0:05')).toBe(5);
    expect(timeToMinute('23:59')).toBe(1439);
    expect(timeToMinute('24:00')).toBeNull();
    expect(timeToMinute('10:60')).toBeNull();
    expect(timeToMinute('')).toBeNull();
    expect(minuteToTime(600)).toBe('10:00');
    expect(minuteToTime(5)).toBe('00:05');
  });

  it('offers a weekly 1:1 a week from today for a partner with no schedule', () => {
    expect(formFor(undefined, new Date(2026, 11, 29))).toEqual({
      firstOn: '2027-01-05',
      time: '10:00',
      everyWeeks: 1,
      leadMinutes: 15,
    });
  });

  it('reads a form back into the schedule it came from, and refuses a form without a time', () => {
    const s = { partnerId: 3, firstOn: '2026-12-01', atMinute: 570, everyWeeks: 2, leadMinutes: 60 };
    expect(scheduleOf(3, formFor(s))).toEqual(s);
    expect(scheduleOf(3, { ...formFor(s), time: '' })).toMatch(/time of the 1:1/);
  });

  it('names the weekday of a day, and nothing for what is not one yet', () => {
    expect(weekdayOf('2026-12-01')).toBe('Tuesdays');
    expect(weekdayOf('2026-12-0')).toBe('');
    expect(weekdayOf('')).toBe('');
  });

  it('says a schedule in words, with the weekday of its first 1:1', () => {
    const s = { partnerId: 3, firstOn: '2026-12-01', atMinute: 600, everyWeeks: 2, leadMinutes: 15 };
    expect(describeSchedule(s)).toBe(
      'Tuesdays at 10:00, every two weeks from Tue 1 Dec 2026; reminded 15 minutes before',
    );
    expect(describeSchedule({ ...s, everyWeeks: 1, leadMinutes: 1440 })).toBe(
      'Tuesdays at 10:00, every week; reminded a day before',
    );
  });

  it('says a reminder with the local time, and a missed one as missed', () => {
    const startsAt = new Date(2026, 11, 1, 10, 0).toISOString();
    const r = { partnerId: 3, partnerName: 'Dev', startsAt, missed: false };
    expect(describeReminder(r)).toBe('Your 1:1 with Dev is at 10:00 on Tue 1 Dec 2026.');
    expect(describeReminder({ ...r, missed: true })).toMatch(/^Your 1:1 with Dev was at 10:00 on Tue 1 Dec 2026\. /);
  });
});
