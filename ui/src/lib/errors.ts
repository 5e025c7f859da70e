import type { ApiError } from './bindings/ApiError';
import type { ErrorCode } from './bindings/ErrorCode';

/** An error the UI can show to a person: always a code and a readable message. */
export class AppError extends Error implements ApiError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).code === 'string' &&
    typeof (value as ApiError).message === 'string'
  );
}

/**
 * Turns whatever a failed call produced into an AppError. The backend sends
 * `{ code, message }`; anything else (a plugin's bare string, a thrown Error)
 * still becomes a sentence a person can act on, never a raw debug dump.
 */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  if (isApiError(value)) return new AppError(value.code, value.message);
  const detail =
    typeof value === 'string' ? value : value instanceof Error ? value.message : '';
  const suffix = detail.trim() ? ` (${detail.trim()})` : '';
  return new AppError(
    'unexpected',
    `Something went wrong inside the app${suffix}. Your journal was not changed; try again, and restart the app if it keeps happening.`,
  );
}

/** Failures that can pass on their own, so trying the same thing again later may work. */
const TRANSIENT: readonly ErrorCode[] = ['journal_busy', 'storage_failed', 'write_failed', 'read_failed', 'unexpected'];

export function isTransient(error: unknown): boolean {
  return TRANSIENT.includes(toAppError(error).code);
}
