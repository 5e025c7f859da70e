import type { Reminder } from './bindings/Reminder';
import type { Schedule } from './bindings/Schedule';
import { formatDay, todayIso } from './format';

/** What a 1:1 schedule's form edits: the next 1:1's day and time, and how often. */
export interface ScheduleForm {
  firstOn: string;
  /** `HH:MM`, as a time field gives it. */
  time: string;
  everyWeeks: 1 | 2;
  leadMinutes: number;
}

/** How long before the 1:1 a reminder can come, as offered. */
export const LEADS: { minutes: number; label: string }[] = [
  { minutes: 5, label: '5 minutes' },
  { minutes: 15, label: '15 minutes' },
  { minutes: 30, label: '30 minutes' },
  { minutes: 60, label: 'an hour' },
  { minutes: 24 * 60, label: 'a day' },
];

/** 600 as `10:00`. */
export function minuteToTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** `10:00` as 600; `null` for anything that is not a time of day. */
export function timeToMinute(time: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** The form for a partner's schedule, or a weekly 1:1 a week from today at 10:00 for a new one. */
export function formFor(schedule: Schedule | undefined, today: Date = new Date()): ScheduleForm {
  if (!schedule) {
    const next = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 7);
    return { firstOn: todayIso(next), time: '10:00', everyWeeks: 1, leadMinutes: 15 };
  }
  return {
    firstOn: schedule.firstOn,
    time: minuteToTime(schedule.atMinute),
    everyWeeks: schedule.everyWeeks === 2 ? 2 : 1,
    leadMinutes: schedule.leadMinutes,
  };
}

/** The schedule a form describes, or why it can't be one. */
export function scheduleOf(partnerId: number, form: ScheduleForm): Schedule | string {
  const atMinute = timeToMinute(form.time);
  if (atMinute === null) return 'Give the time of the 1:1, such as 10:00.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.firstOn)) return 'Give the day of the next 1:1.';
  return { partnerId, firstOn: form.firstOn, atMinute, everyWeeks: form.everyWeeks, leadMinutes: form.leadMinutes };
}

const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

/** The 1:1's weekday for a first day `YYYY-MM-DD`, as "Tuesdays"; empty while it is not a day. */
export function weekdayOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return '';
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
}

/** "Tuesdays at 10:00, every two weeks from Tue 1 Dec 2026; reminded 15 minutes before". */
export function describeSchedule(s: Schedule): string {
  const weekday = weekdayOf(s.firstOn);
  const often = s.everyWeeks === 2 ? `every two weeks from ${formatDay(s.firstOn)}` : 'every week';
  const lead = LEADS.find((l) => l.minutes === s.leadMinutes)?.label ?? `${s.leadMinutes} minutes`;
  return `${weekday} at ${minuteToTime(s.atMinute)}, ${often}; reminded ${lead} before`;
}

/** What the window says of a reminder, in local time. */
export function describeReminder(r: Reminder): string {
  const at = new Date(r.startsAt);
  const time = minuteToTime(at.getHours() * 60 + at.getMinutes());
  const day = formatDay(todayIso(at));
  return r.missed
    ? `Your 1:1 with ${r.partnerName} was at ${time} on ${day}. Its reminder could not reach you before it: the app was closed, or busy.`
    : `Your 1:1 with ${r.partnerName} is at ${time} on ${day}.`;
}
