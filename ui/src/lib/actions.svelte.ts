import type { Action } from './shortcuts';

/**
 * The action asked for by a key or the menu that a screen carries out (a new
 * retro's dialog, the export, the search field), until that screen takes it.
 */
export const asked = $state<{ action: Action | null; retro: RetroFor | null }>({ action: null, retro: null });

/** Whom a new retro is with, and its day, when a reminder before their 1:1 asked for it. */
export interface RetroFor {
  partnerId: number;
  /** `YYYY-MM-DD`; today when not given. */
  heldOn?: string;
}

/** Asks for `action`; a new retro may be asked for with a partner (from a reminder). */
export function ask(action: Action, retro: RetroFor | null = null): void {
  asked.action = action;
  asked.retro = retro;
}

/** Whether `action` is waiting; taking it means it is done once. */
export function take(action: Action): boolean {
  if (asked.action !== action) return false;
  asked.action = null;
  return true;
}
