import * as api from './api';
import { toAppError } from './errors';
import type { WorkProgress } from './bindings/WorkProgress';
import { showError, showInfo } from './toasts.svelte';

/**
 * The long work under way (an import, an export, a backup, a restore), shown
 * by the one progress dialog in App.svelte once it reports how far it has come.
 */
export const work = $state({
  title: '',
  /** Whether the dialog is up: from the first report to the end. */
  shown: false,
  done: 0,
  total: 0,
  stopping: false,
});

/** The share done, from 0 to 100. */
export function percent(p: { done: number; total: number }): number {
  return p.total > 0 ? Math.min(100, Math.floor((p.done * 100) / p.total)) : 0;
}

/**
 * Runs long work with its progress shown. A failure is a toast; a stop asked
 * for is news, not an error. Resolves to the work's result, or `null` when it
 * did not finish (or the file dialog was cancelled).
 */
export async function longWork<T>(
  title: string,
  run: (onProgress: (p: WorkProgress) => void) => Promise<T | null>,
): Promise<T | null> {
  Object.assign(work, { title, shown: false, done: 0, total: 0, stopping: false });
  try {
    return await run((p) => Object.assign(work, { shown: true, done: p.done, total: p.total }));
  } catch (e) {
    const error = toAppError(e);
    if (error.code === 'cancelled') showInfo(error.message);
    else showError(error);
    return null;
  } finally {
    work.shown = false;
  }
}

/** Asks the work under way to stop; nothing once it has ended (the dialog closing after it). */
export function stopWork(): void {
  if (!work.shown || work.stopping) return;
  work.stopping = true;
  api.stopWork().catch(showError);
}
