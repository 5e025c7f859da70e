/**
 * The pure side of the "Over time" screen: ranges, the grids the charts and
 * their tables are drawn from, and the arithmetic of moving through a chart
 * with the keyboard. Nothing here scores anyone: it only lines up what each
 * person wrote, retro by retro.
 */
import type { AgreementStatus } from './bindings/AgreementStatus';
import type { DealOutcome } from './bindings/DealOutcome';
import type { NeedDeals } from './bindings/NeedDeals';
import type { NeedTrend } from './bindings/NeedTrend';
import type { Person } from './bindings/Person';
import type { TrendRetro } from './bindings/TrendRetro';

// ---- Ranges ---------------------------------------------------------------

export type RangePreset = 'quarter' | 'year' | 'all' | 'custom';

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: 'quarter', label: 'Last 3 months' },
  { value: 'year', label: 'Last year' },
  { value: 'all', label: 'Everything' },
  { value: 'custom', label: 'Between two dates' },
];

export interface DayRange {
  from: string | null;
  to: string | null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day `months` before `iso`, kept inside the shorter month (31 May − 3 months is 28 Feb). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The days a preset covers, counted back from `today`. The end stays open,
 * so a retro held today or dated ahead still counts.
 */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DayRange {
  switch (preset) {
    case 'quarter':
      return { from: monthsBefore(today, 3), to: null };
    case 'year':
      return { from: monthsBefore(today, 12), to: null };
    case 'all':
      return { from: null, to: null };
  }
}

/** Why two typed dates can't be a range, or `null` when they can. An empty end is open. */
export function rangeProblem(from: string, to: string): string | null {
  if ((from && !ISO_DAY.test(from)) || (to && !ISO_DAY.test(to))) {
    return 'Pick each day from the calendar, or leave it empty for no limit.';
  }
  if (from && to && from > to) return 'The range starts after it ends. Swap the two dates.';
  return null;
}

// ---- Grids ----------------------------------------------------------------

/** One row per person (in `people` order), one column per retro (in `retros` order). */
export type Grid<T> = (T | null)[][];

/**
 * A grid from the journal, full size for drawing: the journal ends each row
 * at its person's last value, and a person who said nothing has an empty
 * row, so what is past the end is a gap. Each value passes through `value`.
 */
export function fullGrid<S, T>(
  rows: (S | null)[][],
  people: Person[],
  retros: TrendRetro[],
  value: (s: S) => T,
): Grid<T> {
  return people.map((_, who) =>
    retros.map((_, when) => {
      const v = rows[who]?.[when] ?? null;
      return v === null ? null : value(v);
    }),
  );
}

/**
 * Each person's rating of one need, retro by retro. A retro where someone
 * did not rate it is `null`: a gap in their line, never a zero.
 */
export function ratingGrid(need: NeedTrend, retros: TrendRetro[], people: Person[]): Grid<number> {
  return fullGrid(need.ratings, people, retros, (r) => r);
}

export interface TableRow<T> {
  retro: TrendRetro;
  /** One cell a person, in `people` order; `null` where they said nothing. */
  cells: (T | null)[];
}

/**
 * The rows of a chart's "Show as table": the retros where anyone said
 * something, newest first (the latest is what people look for).
 */
export function tableRows<T>(grid: Grid<T>, retros: TrendRetro[]): TableRow<T>[] {
  const rows: TableRow<T>[] = [];
  retros.forEach((retro, i) => {
    const cells = grid.map((line) => line[i] ?? null);
    if (cells.some((c) => c !== null)) rows.push({ retro, cells });
  });
  return rows.reverse();
}

/** How many times each value appears in one person's line (for a chart's text alternative). */
export function countValues<T>(line: (T | null)[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const v of line) if (v !== null) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

// ---- Deals ----------------------------------------------------------------

export const DEAL_OUTCOMES: { value: AgreementStatus; label: string }[] = [
  { value: 'kept', label: 'Kept' },
  { value: 'renegotiated', label: 'Renegotiated' },
  { value: 'broken', label: 'Broken' },
  { value: 'open', label: 'Still open' },
];

export interface NeedOutcomes {
  needId: number;
  counts: Record<AgreementStatus, number>;
  /** Newest first. */
  deals: DealOutcome[];
}

/** How the deals serving each need went, counted by outcome. */
export function dealOutcomes(deals: NeedDeals[]): NeedOutcomes[] {
  return deals
    .filter((d) => d.deals.length > 0)
    .map((d) => {
      const counts: Record<AgreementStatus, number> = { open: 0, kept: 0, broken: 0, renegotiated: 0 };
      for (const deal of d.deals) counts[deal.status] += 1;
      const newest = [...d.deals].sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.id - a.id);
      return { needId: d.needId, counts, deals: newest };
    });
}

// ---- Drawing ----------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-10-19` as "19 Oct 2026": short enough for a table column. */
export function shortDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A calendar day as the UTC midnight the time scale places it at. */
export function dayToDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/**
 * Whether every point gets a marker. Past this density the markers touch and
 * turn into noise, so a long series draws its line and marks only the point
 * under the pointer or the keyboard.
 */
export const MIN_PX_PER_MARKER = 8;

export function showAllMarkers(retros: number, plotWidth: number): boolean {
  return retros > 0 && plotWidth / retros >= MIN_PX_PER_MARKER;
}

/** Below this many pixels a retro, a line through every rating is a solid block of strokes. */
export const MIN_PX_PER_RETRO = 3;
/** How wide, in pixels of retros, an averaged line looks around each point. */
export const SMOOTH_PX = 16;

/**
 * How many neighbouring retros a line averages over (odd, so it centres on
 * each retro), or 1 for none: the average over about `SMOOTH_PX` pixels of
 * retros shows where the need is heading once there are too many to draw.
 */
export function smoothingWindow(retros: number, plotWidth: number): number {
  if (retros === 0 || plotWidth / retros >= MIN_PX_PER_RETRO) return 1;
  const span = Math.ceil((SMOOTH_PX * retros) / Math.max(1, plotWidth));
  return span % 2 === 1 ? span : span + 1;
}

/**
 * Each rating replaced by the mean of the ratings within `window` retros
 * around it (centred), ignoring gaps. Where a window holds no rating at all
 * the line still breaks.
 */
export function smoothed(line: (number | null)[], window: number): (number | null)[] {
  if (window <= 1) return line;
  const half = Math.floor(window / 2);
  // Running sums, so a long line costs one pass.
  const sum = [0];
  const count = [0];
  line.forEach((v, i) => {
    sum.push((sum[i] ?? 0) + (v ?? 0));
    count.push((count[i] ?? 0) + (v === null ? 0 : 1));
  });
  return line.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(line.length, i + half + 1);
    const n = (count[to] ?? 0) - (count[from] ?? 0);
    return n === 0 ? null : ((sum[to] ?? 0) - (sum[from] ?? 0)) / n;
  });
}

/**
 * The ratings with a gap on each side. A line can't be drawn through them,
 * so even a long series marks them, or they would vanish.
 */
export function isolated<T>(line: (T | null)[]): number[] {
  const out: number[] = [];
  line.forEach((v, i) => {
    if (v !== null && (line[i - 1] ?? null) === null && (line[i + 1] ?? null) === null) out.push(i);
  });
  return out;
}

// ---- Moving through a chart -------------------------------------------------

/** A point on a chart: whose line, and which retro on the time axis. */
export interface Cursor {
  person: number;
  retro: number;
}

function rated<T>(line: (T | null)[] | undefined): number[] {
  const out: number[] = [];
  line?.forEach((v, i) => {
    if (v !== null) out.push(i);
  });
  return out;
}

/** Where the keyboard lands first: the oldest point of the first person who has one. */
export function firstPoint<T>(grid: Grid<T>): Cursor | null {
  for (let person = 0; person < grid.length; person++) {
    const [retro] = rated(grid[person]);
    if (retro !== undefined) return { person, retro };
  }
  return null;
}

/** The retro nearest `retro` in `line` that has a value; the earlier one on a tie. */
function nearestRated<T>(line: (T | null)[] | undefined, retro: number): number | null {
  let best: number | null = null;
  for (const i of rated(line)) {
    if (best === null || Math.abs(i - retro) < Math.abs(best - retro)) best = i;
  }
  return best;
}

/** How many retros PageUp and PageDown skip. */
export const PAGE_STEP = 10;

/**
 * Where a key moves the keyboard's point. Left and Right go to the previous
 * or next retro in which this person rated the need (gaps are skipped, as
 * there is nothing to read there), Up and Down go to the other person at the
 * same retro or the nearest one they rated, Home and End to the ends, and
 * PageUp/PageDown by ten retros. `null` for a key that is not a move, so the
 * key keeps its usual meaning.
 */
export function moveCursor<T>(grid: Grid<T>, at: Cursor | null, key: string): Cursor | null {
  const moves = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'];
  if (!moves.includes(key)) return null;
  const start = at ?? firstPoint(grid);
  if (start === null) return null;
  if (at === null) return start;
  const mine = rated(grid[at.person]);
  const pick = (i: number | undefined) => (i === undefined ? at : { person: at.person, retro: i });
  switch (key) {
    case 'ArrowLeft':
      return pick(mine.filter((i) => i < at.retro).at(-1));
    case 'ArrowRight':
      return pick(mine.find((i) => i > at.retro));
    case 'Home':
      return pick(mine[0]);
    case 'End':
      return pick(mine.at(-1));
    case 'PageUp':
      return pick(mine.filter((i) => i <= at.retro - PAGE_STEP).at(-1) ?? mine[0]);
    case 'PageDown':
      return pick(mine.find((i) => i >= at.retro + PAGE_STEP) ?? mine.at(-1));
    default: {
      const person = at.person + (key === 'ArrowUp' ? -1 : 1);
      if (person < 0 || person >= grid.length) return at;
      const retro = nearestRated(grid[person], at.retro);
      return retro === null ? at : { person, retro };
    }
  }
}

/**
 * The point under the pointer: the nearest in time first, then the nearest
 * in height, so a pointer between two lines picks the closer one.
 */
export function nearestPoint<T>(
  grid: Grid<T>,
  xs: number[],
  y: (value: T) => number,
  px: number,
  py: number,
): Cursor | null {
  let best: Cursor | null = null;
  let bestDistance = Infinity;
  grid.forEach((line, person) => {
    line.forEach((v, retro) => {
      if (v === null) return;
      const dx = Math.abs((xs[retro] ?? 0) - px);
      const dy = Math.abs(y(v) - py);
      // Time matters most: a point straight above or below beats one beside.
      const distance = dx * 4 + dy;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = { person, retro };
      }
    });
  });
  return best;
}
