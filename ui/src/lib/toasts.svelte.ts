import { toAppError } from './errors';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

let next = 1;

/** Messages shown in a corner without blocking anything; each fades after a while. */
export const toasts = $state<Toast[]>([]);

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

function push(kind: Toast['kind'], message: string, ms: number): void {
  const id = next++;
  toasts.push({ id, kind, message });
  setTimeout(() => dismiss(id), ms);
}

export function showError(error: unknown): void {
  push('error', toAppError(error).message, 9000);
}

export function showInfo(message: string): void {
  push('info', message, 4000);
}

/** Clears every message, so nothing one person saw is left for the next. */
export function dismissAll(): void {
  toasts.splice(0, toasts.length);
}
