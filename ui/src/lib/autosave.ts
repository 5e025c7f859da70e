/**
 * Saves after typing pauses, and at least every `maxWaitMs` while typing goes
 * on, so a crash loses no more than about a second. One save runs at a time;
 * a change made during a save is saved right after it.
 */
export class Autosaver<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstPendingAt: number | null = null;
  private pending: T | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly save: (value: T) => Promise<void>,
    private readonly idleMs = 400,
    private readonly maxWaitMs = 1000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Call on every change with the whole value. */
  schedule(value: T): void {
    this.pending = value;
    this.firstPendingAt ??= this.now();
    const waited = this.now() - this.firstPendingAt;
    const delay = Math.max(0, Math.min(this.idleMs, this.maxWaitMs - waited));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /** Saves whatever is pending now (for example before sealing). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    if (this.pending === null) return;
    const value = this.pending;
    this.pending = null;
    this.firstPendingAt = null;
    this.running = this.save(value).finally(() => (this.running = null));
    await this.running;
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }
}
