import type { Action } from './shortcuts';

/**
 * The action asked for by a key or the menu that a screen carries out (a new
 * retro's dialog, the export, the search field), until that screen takes it.
 */
export const asked = $state<{ action: Action | null; partnerId: number | null }>({ action: null, partnerId: null });

/** Asks for `action`; a new retro may be asked for with a partner (from a reminder). */
export function ask(action: Action, partnerId: number | null = null): void {
  asked.action = action;
  asked.partnerId = partnerId;
}

/** Whether `action` is waiting; taking it means it is done once. */
export function take(action: Action): boolean {
  if (asked.action !== action) return false;
  asked.action = null;
  return true;
}
