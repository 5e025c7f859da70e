/**
 * Words for the comparison of a revealed retro. The backend finds the
 * signals; this turns them into calm, blame-free sentences.
 */
import type { NeedRow } from './bindings/NeedRow';
import type { Person } from './bindings/Person';
import type { Perspective } from './bindings/Perspective';

export type NameOf = (needId: number) => string;

/** Joins names as "a", "a and b", "a, b and c". */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The short label beside a need row, or null when nothing stands out. */
export function signalLabel(row: NeedRow, people: Person[]): string | null {
  switch (row.signal) {
    case 'sharedPain':
      return 'Both hurting';
    case 'gap': {
      const [a, b] = row.ratings;
      return `Gap of ${Math.abs((a ?? 0) - (b ?? 0))}`;
    }
    case 'onlyOne': {
      const i = row.ratings.findIndex((r) => r !== null);
      return `Only ${people[i]?.name ?? 'one of you'} rated this`;
    }
    default:
      return null;
  }
}

export interface PerspectiveLine {
  hit: boolean;
  text: string;
}

/** One sentence for how a guess compares with what the other person said. */
export function perspectiveLine(p: Perspective, name: NameOf): PerspectiveLine {
  const guessed = listOf(p.guessed.map(name));
  const said: string[] = [];
  if (p.named !== null) said.push(`named ${name(p.named)}`);
  const lowest = p.lowest.filter((id) => id !== p.named);
  if (lowest.length) said.push(`rated ${listOf(lowest.map(name))} lowest`);
  const answer = said.length ? `${p.about.name} ${said.join(' and ')}` : `${p.about.name} did not single out a need`;
  if (p.hits.length === 0) {
    return { hit: false, text: `${p.guesser.name} thought ${p.about.name} most needed ${guessed}; ${answer}.` };
  }
  const hits = listOf(p.hits.map(name));
  const missed = p.guessed.filter((id) => !p.hits.includes(id));
  const rest = missed.length ? ` ${listOf(missed.map(name))} did not come up for ${p.about.name}.` : '';
  return { hit: true, text: `${p.guesser.name} saw ${hits} coming: ${answer}.${rest}` };
}
