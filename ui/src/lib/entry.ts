import type { EntryContent } from './bindings/EntryContent';
import type { Need } from './bindings/Need';
import type { NeedRating } from './bindings/NeedRating';
import type { CycleStage } from './bindings/CycleStage';

export const BUILT_IN_PROXIES = ['estimate', 'vague requirements', 'deadline', 'old debt ticket'] as const;

export const CYCLE_STAGES: { value: CycleStage; label: string; hint: string }[] = [
  { value: 'trigger', label: 'Trigger', hint: 'Something just set the old argument off again.' },
  { value: 'frustration', label: 'Frustration', hint: 'We are both annoyed and not yet saying why.' },
  { value: 'proxyArguments', label: 'Proxy arguments', hint: 'We argue about estimates or dates instead of needs.' },
  { value: 'withdrawal', label: 'Withdrawal', hint: 'One of us has stopped asking, or stopped pushing back.' },
  { value: 'notInIt', label: 'Not in it', hint: 'The cycle is quiet for now.' },
];

export const RATING_LABELS = ['Not met at all', 'Barely met', 'Partly met', 'Mostly met', 'Fully met'];

export function emptyContent(): EntryContent {
  return {
    ratings: [],
    topNeedId: null,
    unsaid: '',
    position: '',
    concern: '',
    proxies: [],
    cycleStage: null,
    guesses: [],
    offer: '',
    ask: '',
    privateNotes: '',
  };
}

export function ratingOf(content: EntryContent, needId: number): NeedRating | undefined {
  return content.ratings.find((r) => r.needId === needId);
}

/** Sets a need's rating or note; a need with neither is dropped, so "not rated" stays empty. */
export function updateRating(
  content: EntryContent,
  needId: number,
  change: Partial<Pick<NeedRating, 'rating' | 'note'>>,
): void {
  const current = ratingOf(content, needId) ?? { needId, rating: null, note: '' };
  const next = { ...current, ...change };
  const others = content.ratings.filter((r) => r.needId !== needId);
  content.ratings = next.rating === null && next.note === '' ? others : [...others, next];
}

export function toggleProxy(content: EntryContent, tag: string): void {
  const clean = tag.trim();
  if (!clean) return;
  content.proxies = content.proxies.includes(clean)
    ? content.proxies.filter((t) => t !== clean)
    : [...content.proxies, clean];
}

/**
 * The needs to show in the editor: my role's first, then everyone else's.
 * Archived needs are hidden unless this entry already uses them.
 */
export function needsForEditor(needs: Need[], myRoleId: number, content: EntryContent): { mine: Need[]; others: Need[] } {
  const used = new Set([
    ...content.ratings.map((r) => r.needId),
    ...content.guesses,
    ...(content.topNeedId === null ? [] : [content.topNeedId]),
  ]);
  const shown = needs.filter((n) => !n.archived || used.has(n.id));
  return {
    mine: shown.filter((n) => n.roleId === myRoleId),
    others: shown.filter((n) => n.roleId !== myRoleId),
  };
}

/** Splits a search snippet into plain and matched parts (U+E000 … U+E001 mark a match). */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  for (const chunk of snippet.split('\uE000')) {
    const end = chunk.indexOf('\uE001');
    if (end < 0) {
      if (chunk) parts.push({ text: chunk, hit: false });
      continue;
    }
    parts.push({ text: chunk.slice(0, end), hit: true });
    const rest = chunk.slice(end + 1);
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}
