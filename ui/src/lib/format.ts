import type { EntryState } from './bindings/EntryState';
import type { Person } from './bindings/Person';
import type { Retro } from './bindings/Retro';

/** Today's calendar date where the user is, as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-20` as "Fri 20 Nov 2026". It is a calendar day: no time zone shifts it. */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${WEEKDAYS[date.getUTCDay()]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** A count with its thousands grouped, the same on every machine: 5000 as "5,000". */
export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-GB').format(n);
}

/**
 * A day typed as year, month and day ("2026-11-20"; slashes, dots or spaces
 * between them do as well), as `YYYY-MM-DD`; `null` when it is not a real day.
 */
const DAY_SHAPE = /^\s*(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})\s*$/;

export function parseDay(text: string): string | null {
  const m = DAY_SHAPE.exec(text);
  if (!m) return null;
  const [y, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, month - 1, d));
  if (y < 1000 || day.getUTCMonth() !== month - 1 || day.getUTCDate() !== d) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** What is wrong with a typed day, for the person typing it; `null` when nothing is. */
export function dayProblem(text: string): string | null {
  if (text.trim() === '' || parseDay(text) !== null) return null;
  return DAY_SHAPE.test(text)
    ? 'There is no such day on the calendar: check the month and the day'
    : 'Not a date yet: type year, month, day, like 2026-11-20';
}

/** The partner in a paired retro (everyone who is not me), if any. */
export function partnerOf(retro: Retro): Person | undefined {
  return retro.participants.find((p) => !p.person.isMe)?.person;
}

/** One short phrase for where a retro stands, for the list. */
export function retroStatus(retro: Retro): string {
  if (retro.state === 'revealed') return 'Revealed';
  if (retro.state === 'sealed') {
    if (retro.remote) return 'Ready to swap codes';
    return retro.kind === 'paired' ? 'Ready to reveal' : 'Sealed';
  }
  const total = retro.participants.length;
  const sealed = retro.participants.filter((p) => p.entryState === 'sealed').length;
  const started = retro.participants.some((p) => p.entryState !== null);
  if (retro.kind === 'paired' && sealed > 0) return `${sealed} of ${total} sealed`;
  return started ? 'Writing' : 'Not started';
}

/** What others may know of someone's entry before the reveal: only whether it exists and is sealed. */
export function entryStatus(state: EntryState | null): string {
  switch (state) {
    case null:
      return 'Not started';
    case 'draft':
      return 'Writing';
    case 'sealed':
      return 'Sealed';
    case 'revealed':
      return 'Revealed';
  }
}

/** The local calendar day of a stored instant (RFC 3339), as "Fri 20 Nov 2026". */
export function formatInstantDay(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : formatDay(todayIso(date));
}

/** A stored instant (RFC 3339) in local time, as "Fri 20 Nov 2026 at 14:05". */
export function formatInstant(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  return `${formatDay(todayIso(date))} at ${hh}:${mm}`;
}

/** The day `days` after a `YYYY-MM-DD` calendar day. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}
