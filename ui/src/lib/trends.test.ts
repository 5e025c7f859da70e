import { describe, expect, it } from 'vitest';
import type { NeedTrend } from './bindings/NeedTrend';
import type { Person } from './bindings/Person';
import type { TrendRetro } from './bindings/TrendRetro';
import {
  countValues,
  dayToDate,
  dealOutcomes,
  firstPoint,
  isolated,
  fullGrid,
  monthsBefore,
  moveCursor,
  nearestPoint,
  presetRange,
  rangeProblem,
  ratingGrid,
  shortDay,
  showAllMarkers,
  smoothed,
  smoothingWindow,
  tableRows,
  type Grid,
} from './trends';

const role = { id: 1, name: 'Product', builtin: true };
const maya: Person = { id: 1, name: 'Maya', role, isMe: true, hasPin: false };
const dev: Person = { id: 2, name: 'Dev', role: { id: 2, name: 'Engineering', builtin: true }, isMe: false, hasPin: false };
const retros: TrendRetro[] = [10, 11, 12, 13].map((id, i) => ({ id, title: `Week ${i + 1}`, heldOn: `2026-10-0${i + 1}` }));

const need = (ratings: (number | null)[][]): NeedTrend => ({
  need: {
    id: 5,
    roleId: 2,
    name: 'Sustainability',
    explanation: '',
    frustration: '',
    builtin: true,
    archived: false,
  },
  ratings,
  ratedRetros: new Set(ratings.flatMap((row) => row.flatMap((r, i) => (r === null ? [] : [i])))).size,
  bothLow: [],
});

describe('ranges', () => {
  it('counts months back on the calendar, inside the shorter month', () => {
    expect(monthsBefore('2026-11-25', 3)).toBe('2026-08-25');
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2024-05-31', 3)).toBe('2024-02-29');
    expect(monthsBefore('2026-02-10', 3)).toBe('2025-11-10');
    expect(monthsBefore('2026-11-25', 12)).toBe('2025-11-25');
  });

  it('turns presets into dates with an open end', () => {
    expect(presetRange('quarter', '2026-11-25')).toEqual({ from: '2026-08-25', to: null });
    expect(presetRange('year', '2026-11-25')).toEqual({ from: '2025-11-25', to: null });
    expect(presetRange('all', '2026-11-25')).toEqual({ from: null, to: null });
  });

  it('refuses a range that starts after it ends, as the backend does', () => {
    expect(rangeProblem('2026-10-01', '2026-09-01')).toBe('The range starts after it ends. Swap the two dates.');
    expect(rangeProblem('2026-09-01', '2026-09-01')).toBeNull();
    expect(rangeProblem('2026-09-01', '')).toBeNull();
    expect(rangeProblem('', '')).toBeNull();
    expect(rangeProblem('2026-9-1', '')).toMatch(/calendar/);
  });
});

describe('grids', () => {
  it('leaves a retro someone did not rate as a gap, never a zero', () => {
    const grid = ratingGrid(need([[2, null, 4], [1, null, null, 5]]), retros, [maya, dev]);
    expect(grid).toEqual([
      [2, null, 4, null],
      [1, null, null, 5],
    ]);
  });

  it('fills a short or empty row with gaps, one column a retro', () => {
    expect(ratingGrid(need([[2], []]), retros, [maya, dev])).toEqual([
      [2, null, null, null],
      [null, null, null, null],
    ]);
    expect(ratingGrid(need([]), retros, [maya])).toEqual([[null, null, null, null]]);
  });

  it('lines up what each person most wanted heard', () => {
    const grid = fullGrid([[null, null, null, 2], [null, 6]], [maya, dev], retros, String);
    expect(grid).toEqual([
      [null, null, null, '2'],
      [null, '6', null, null],
    ]);
  });

  it('makes table rows newest first, only for retros where anyone said something', () => {
    const grid = ratingGrid(need([[2], [null, null, 4]]), retros, [maya, dev]);
    const rows = tableRows(grid, retros);
    expect(rows.map((r) => [r.retro.id, r.cells])).toEqual([
      [12, [null, 4]],
      [10, [2, null]],
    ]);
  });

  it('counts values for a summary', () => {
    expect([...countValues([2, null, 2, 5])]).toEqual([
      [2, 2],
      [5, 1],
    ]);
  });
});

describe('deals', () => {
  it('counts outcomes per need and lists the newest deal first', () => {
    const deal = (id: number, heldOn: string, status: 'open' | 'kept' | 'broken' | 'renegotiated') => ({
      id,
      title: `Deal ${id}`,
      retroId: id,
      heldOn,
      status,
    });
    const [craft, ...rest] = dealOutcomes([
      { needId: 6, deals: [deal(1, '2026-01-05', 'broken'), deal(2, '2026-03-02', 'broken'), deal(3, '2026-04-06', 'kept')] },
      { needId: 1, deals: [] },
    ]);
    expect(rest).toEqual([]);
    expect(craft?.counts).toEqual({ open: 0, kept: 1, broken: 2, renegotiated: 0 });
    expect(craft?.deals.map((d) => d.id)).toEqual([3, 2, 1]);
  });
});

describe('drawing', () => {
  it('finds the ratings a line cannot reach, between two gaps or at an end', () => {
    expect(isolated([3, null, 4, 4, null, 2, null])).toEqual([0, 5]);
    expect(isolated([null, 5])).toEqual([1]);
    expect(isolated([1, 2, 3])).toEqual([]);
    expect(isolated([])).toEqual([]);
  });

  it('writes a short day for table columns', () => {
    expect(shortDay('2026-10-19')).toBe('19 Oct 2026');
    expect(shortDay('not a day')).toBe('not a day');
  });

  it('places a calendar day at its UTC midnight', () => {
    expect(dayToDate('2026-10-19').toISOString()).toBe('2026-10-19T00:00:00.000Z');
  });

  it('marks every point of a short series, and only the focused one of a long series', () => {
    expect(showAllMarkers(13, 480)).toBe(true);
    expect(showAllMarkers(52, 480)).toBe(true);
    expect(showAllMarkers(60, 400)).toBe(false);
    expect(showAllMarkers(520, 480)).toBe(false);
    expect(showAllMarkers(0, 480)).toBe(false);
  });

  it('averages a line only when its retros are packed too close to read', () => {
    expect(smoothingWindow(52, 480)).toBe(1);
    expect(smoothingWindow(0, 480)).toBe(1);
    // Ten years of weekly retros on a small chart: about 16 px of them, odd so it centres.
    expect(smoothingWindow(520, 260)).toBe(33);
    expect(smoothingWindow(520, 240) % 2).toBe(1);
  });

  it('averages the ratings around each retro, skipping gaps, and breaks where none is near', () => {
    expect(smoothed([1, 3, 5], 1)).toEqual([1, 3, 5]);
    expect(smoothed([1, 3, 5], 3)).toEqual([2, 3, 4]);
    expect(smoothed([2, null, 4, 4], 3)).toEqual([2, 3, 4, 4]);
    expect(smoothed([5, null, null, null, 1], 3)).toEqual([5, 5, null, 1, 1]);
    expect(smoothed([], 5)).toEqual([]);
  });
});

describe('moving through a chart', () => {
  // Maya rated retros 0, 2 and 3; Dev rated 1 and 3.
  const grid: Grid<number> = [
    [2, null, 4, 3],
    [null, 1, null, 5],
  ];

  it('starts at the oldest point of the first person with one', () => {
    expect(firstPoint(grid)).toEqual({ person: 0, retro: 0 });
    expect(firstPoint([[null, null], [null, 3]])).toEqual({ person: 1, retro: 1 });
    expect(firstPoint([[null]])).toBeNull();
    expect(moveCursor(grid, null, 'ArrowRight')).toEqual({ person: 0, retro: 0 });
  });

  it('steps over gaps with Left and Right, and stops at the ends', () => {
    const at = { person: 0, retro: 0 };
    expect(moveCursor(grid, at, 'ArrowRight')).toEqual({ person: 0, retro: 2 });
    expect(moveCursor(grid, { person: 0, retro: 2 }, 'ArrowLeft')).toEqual({ person: 0, retro: 0 });
    expect(moveCursor(grid, at, 'ArrowLeft')).toEqual(at);
    expect(moveCursor(grid, { person: 0, retro: 3 }, 'ArrowRight')).toEqual({ person: 0, retro: 3 });
    expect(moveCursor(grid, { person: 1, retro: 1 }, 'End')).toEqual({ person: 1, retro: 3 });
    expect(moveCursor(grid, { person: 1, retro: 3 }, 'Home')).toEqual({ person: 1, retro: 1 });
  });

  it('moves between the two people at the same retro, or the nearest one they rated', () => {
    expect(moveCursor(grid, { person: 0, retro: 3 }, 'ArrowDown')).toEqual({ person: 1, retro: 3 });
    expect(moveCursor(grid, { person: 1, retro: 3 }, 'ArrowUp')).toEqual({ person: 0, retro: 3 });
    // Dev has no rating at retro 2: his nearest are 1 and 3, and the earlier wins a tie.
    expect(moveCursor(grid, { person: 0, retro: 2 }, 'ArrowDown')).toEqual({ person: 1, retro: 1 });
    expect(moveCursor(grid, { person: 0, retro: 0 }, 'ArrowUp')).toEqual({ person: 0, retro: 0 });
    expect(moveCursor(grid, { person: 1, retro: 1 }, 'ArrowDown')).toEqual({ person: 1, retro: 1 });
  });

  it('pages by ten retros', () => {
    const long: Grid<number> = [Array.from({ length: 25 }, (_, i) => (i === 7 ? null : 3))];
    expect(moveCursor(long, { person: 0, retro: 0 }, 'PageDown')).toEqual({ person: 0, retro: 10 });
    expect(moveCursor(long, { person: 0, retro: 17 }, 'PageUp')).toEqual({ person: 0, retro: 6 });
    expect(moveCursor(long, { person: 0, retro: 20 }, 'PageDown')).toEqual({ person: 0, retro: 24 });
    expect(moveCursor(long, { person: 0, retro: 3 }, 'PageUp')).toEqual({ person: 0, retro: 0 });
  });

  it('leaves other keys alone', () => {
    expect(moveCursor(grid, { person: 0, retro: 0 }, 'Enter')).toBeNull();
    expect(moveCursor(grid, { person: 0, retro: 0 }, 'Tab')).toBeNull();
  });

  it('finds the point under the pointer, nearest in time first', () => {
    const xs = [0, 100, 200, 300];
    const y = (r: number) => 100 - r * 20;
    expect(nearestPoint(grid, xs, y, 190, 20)).toEqual({ person: 0, retro: 2 });
    expect(nearestPoint(grid, xs, y, 300, 0)).toEqual({ person: 1, retro: 3 });
    expect(nearestPoint(grid, xs, y, 300, 45)).toEqual({ person: 0, retro: 3 });
    expect(nearestPoint([[null]], [0], y, 0, 0)).toBeNull();
  });
});
