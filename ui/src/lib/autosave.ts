/** The wait before the next try after `failures` failed saves in a row: 1 s, 2 s, 4 s, then 5 s. */
export function retryDelay(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 5000);
}

export interface AutosaveOptions {
  /** Saves once typing has paused this long. */
  idleMs?: number;
  /** Saves at least this often while typing goes on. */
  maxWaitMs?: number;
  now?: () => number;
  /** Whether trying again may help: a busy journal, yes; a value the journal refuses, no. */
  retryable?: (error: unknown) => boolean;
  /** Told of each failed save, with the wait before the next try (`null`: no retry, or stopped). */
  onFailure?: (error: unknown, retryInMs: number | null) => void;
}

/**
 * Saves after typing pauses, and at least every `maxWaitMs` while typing goes
 * on, so a crash loses no more than about a second. One save runs at a time;
 * a change made during a save is saved right after it.
 *
 * A failed save keeps the value (unless a newer one came in meanwhile) and
 * tries again, waiting longer each time (see `retryDelay`), until it goes
 * through. Typing during those waits does not hurry the next try: each try
 * against a busy journal already waits for it.
 */
export class Autosaver<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstPendingAt: number | null = null;
  private pending: T | null = null;
  private running: Promise<boolean> | null = null;
  private failures = 0;
  private retrying = false;
  private stopped = false;
  private readonly idleMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly retryable: (error: unknown) => boolean;
  private readonly onFailure: (error: unknown, retryInMs: number | null) => void;

  constructor(
    private readonly save: (value: T) => Promise<void>,
    options: AutosaveOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 400;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.now = options.now ?? (() => Date.now());
    this.retryable = options.retryable ?? (() => true);
    this.onFailure = options.onFailure ?? (() => {});
  }

  /** Call on every change with the whole value. */
  schedule(value: T): void {
    this.pending = value;
    this.firstPendingAt ??= this.now();
    if (this.retrying || this.stopped) return;
    const waited = this.now() - this.firstPendingAt;
    const delay = Math.max(0, Math.min(this.idleMs, this.maxWaitMs - waited));
    this.setTimer(delay);
  }

  /**
   * Saves whatever is pending now (for example before sealing), without
   * waiting for a retry that is due later. Resolves to whether everything
   * pending is saved.
   */
  async flush(): Promise<boolean> {
    this.clearTimer();
    this.retrying = false;
    // Another flush may be saving: wait for it, then for any that follows it.
    while (this.running) await this.running;
    // A change typed during a save is saved too before this resolves.
    while (this.pending !== null) {
      const value = this.pending;
      this.pending = null;
      this.firstPendingAt = null;
      this.clearTimer();
      this.running = this.attempt(value).finally(() => (this.running = null));
      if (!(await this.running)) return false;
    }
    return true;
  }

  private async attempt(value: T): Promise<boolean> {
    try {
      await this.save(value);
      this.failures = 0;
      return true;
    } catch (error) {
      // Nothing typed is dropped: a newer value, if any, supersedes this one.
      if (this.pending === null) {
        this.pending = value;
        this.firstPendingAt ??= this.now();
      }
      if (!this.stopped && this.retryable(error)) {
        this.failures += 1;
        const wait = retryDelay(this.failures);
        this.retrying = true;
        this.setTimer(wait);
        this.onFailure(error, wait);
      } else {
        this.failures = 0;
        this.clearTimer();
        this.onFailure(error, null);
      }
      return false;
    }
  }

  /** Stops every timer and retry: nothing is saved after this unless `flush` is called. */
  stop(): void {
    this.stopped = true;
    this.retrying = false;
    this.clearTimer();
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }

  private setTimer(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retrying = false;
      void this.flush();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
