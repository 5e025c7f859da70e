import { describe, expect, it } from 'vitest';
import type { Retro } from './bindings/Retro';
import type { Participant } from './bindings/Participant';
import { addDays, formatCount, formatDay, parseDay, dayProblem, formatInstant, formatInstantDay, partnerOf, retroStatus, todayIso } from './format';

const role = { id: 1, name: 'Product', builtin: true };
const person = (id: number, name: string, isMe: boolean) => ({ id, name, role, isMe, hasPin: false });
const participant = (id: number, isMe: boolean, entryState: Participant['entryState']): Participant => ({
  person: person(id, isMe ? 'Maya' : 'Dev', isMe),
  entryState,
});
const retro = (over: Partial<Retro>): Retro => ({
  id: 1,
  title: 'Week 46',
  heldOn: '2026-11-20',
  kind: 'paired',
  state: 'open',
  remote: false,
  participants: [participant(1, true, null), participant(2, false, null)],
  ...over,
});

describe('todayIso', () => {
  it('uses the local calendar day with zero padding', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('parseDay', () => {
  it('reads a day typed year first, with any common separator', () => {
    expect(parseDay('2026-11-20')).toBe('2026-11-20');
    expect(parseDay(' 2026/1/5 ')).toBe('2026-01-05');
    expect(parseDay('2026.02.28')).toBe('2026-02-28');
    expect(parseDay('2024 02 29')).toBe('2024-02-29');
  });
  it('refuses what is not a real day', () => {
    for (const text of ['', '2026-11', '2026-13-01', '2026-02-29', '2026-11-31', '20-11-2026', '0999-01-01', '2026-11-20x']) {
      expect(parseDay(text), text).toBeNull();
    }
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(5000)).toBe('5,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('formatDay', () => {
  it('shows the calendar day it was given, whatever the time zone', () => {
    expect(formatDay('2026-11-20')).toBe('Fri 20 Nov 2026');
    expect(formatDay('2026-01-01')).toBe('Thu 1 Jan 2026');
  });
  it('leaves something that is not a date as it is', () => {
    expect(formatDay('soon')).toBe('soon');
  });
});

describe('partnerOf', () => {
  it('finds the participant who is not me', () => {
    expect(partnerOf(retro({}))?.name).toBe('Dev');
    expect(partnerOf(retro({ kind: 'solo', participants: [participant(1, true, null)] }))).toBeUndefined();
  });
});

describe('retroStatus', () => {
  it('says where a paired retro stands', () => {
    expect(retroStatus(retro({}))).toBe('Not started');
    expect(retroStatus(retro({ participants: [participant(1, true, 'draft'), participant(2, false, null)] }))).toBe(
      'Writing',
    );
    expect(retroStatus(retro({ participants: [participant(1, true, 'sealed'), participant(2, false, 'draft')] }))).toBe(
      '1 of 2 sealed',
    );
    expect(retroStatus(retro({ state: 'sealed' }))).toBe('Ready to reveal');
    expect(retroStatus(retro({ state: 'sealed', remote: true }))).toBe('Ready to swap codes');
    expect(retroStatus(retro({ state: 'revealed' }))).toBe('Revealed');
  });
  it('says "Sealed" for a solo retro, which has nobody to reveal with', () => {
    expect(retroStatus(retro({ kind: 'solo', state: 'sealed' }))).toBe('Sealed');
  });
});

describe('dayProblem', () => {
  it('tells a day not on the calendar from text that is not a day', () => {
    expect(dayProblem('')).toBeNull();
    expect(dayProblem('2026-11-20')).toBeNull();
    expect(dayProblem('2026-11-31')).toMatch(/no such day/);
    expect(dayProblem('20 Nov')).toMatch(/^Not a date yet/);
  });
});

describe('addDays and formatInstantDay', () => {
  it('moves across months and years', () => {
    expect(addDays('2026-11-24', 14)).toBe('2026-12-08');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
  });
  it('shows a stored instant as a local day and leaves junk alone', () => {
    expect(formatInstantDay('2026-11-20T12:00:00.000Z')).toMatch(/20 Nov 2026$/);
    expect(formatInstantDay('not a time')).toBe('not a time');
  });
  it('shows a stored instant with its local time on the 24-hour clock', () => {
    const at = new Date(2026, 10, 25, 9, 5).toISOString();
    expect(formatInstant(at)).toBe('Wed 25 Nov 2026 at 09:05');
    expect(formatInstant('not a time')).toBe('not a time');
  });
});
