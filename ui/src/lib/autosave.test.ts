import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, retryDelay } from './autosave';

/** A save that fails while `busy` is true, and records each try and what it saved. */
function journal() {
  const j = {
    busy: false,
    tries: [] as { at: number; value: string }[],
    saved: [] as string[],
    save: async (value: string) => {
      j.tries.push({ at: Date.now(), value });
      if (j.busy) throw new Error('busy');
      j.saved.push(value);
    },
  };
  return j;
}

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once typing pauses, with the latest value', async () => {
    const saved: string[] = [];
    const a = new Autosaver<string>(async (v) => void saved.push(v), { idleMs: 400, maxWaitMs: 1000 });
    a.schedule('h');
    await vi.advanceTimersByTimeAsync(100);
    a.schedule('hi');
    await vi.advanceTimersByTimeAsync(399);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['hi']);
  });

  it('saves at least once a second while typing never pauses', async () => {
    const saved: string[] = [];
    const a = new Autosaver<string>(async (v) => void saved.push(v), { idleMs: 400, maxWaitMs: 1000 });
    for (let i = 0; i < 25; i++) {
      a.schedule(`v${i}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(saved[0]).toBe('v9');
  });

  it('flush saves what is pending right away, and nothing twice', async () => {
    const saved: string[] = [];
    const a = new Autosaver<string>(async (v) => void saved.push(v));
    a.schedule('x');
    expect(await a.flush()).toBe(true);
    expect(await a.flush()).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual(['x']);
    expect(a.hasPending).toBe(false);
  });

  it('waits 1 s, 2 s, 4 s, then 5 s between tries', () => {
    expect([1, 2, 3, 4, 5, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('keeps a failed value and tries again, waiting longer each time, until it is saved', async () => {
    const j = journal();
    const failures: (number | null)[] = [];
    const a = new Autosaver<string>(j.save, { onFailure: (_, wait) => failures.push(wait) });
    j.busy = true;
    const start = Date.now();
    a.schedule('I need a date');
    await vi.advanceTimersByTimeAsync(400); // the first try
    expect(a.hasPending).toBe(true);
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000 + 5000);
    expect(j.tries.map((t) => t.at - start)).toEqual([400, 1400, 3400, 7400, 12400]);
    expect(failures).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(j.saved).toEqual([]);

    j.busy = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(j.saved).toEqual(['I need a date']);
    expect(a.hasPending).toBe(false);
    // Saved: no more tries.
    await vi.advanceTimersByTimeAsync(20000);
    expect(j.tries).toHaveLength(6);
  });

  it('saves what was typed while it waited, at the next try, and starts the waits afresh', async () => {
    const j = journal();
    const a = new Autosaver<string>(j.save);
    j.busy = true;
    a.schedule('I need');
    await vi.advanceTimersByTimeAsync(400);
    expect(j.tries).toHaveLength(1);
    // Typing does not hurry the retry that is due in a second.
    a.schedule('I need a');
    await vi.advanceTimersByTimeAsync(500);
    a.schedule('I need a date');
    await vi.advanceTimersByTimeAsync(499);
    expect(j.tries).toHaveLength(1);
    j.busy = false;
    await vi.advanceTimersByTimeAsync(1);
    expect(j.saved).toEqual(['I need a date']);

    // A later failure waits one second again, not five.
    j.busy = true;
    a.schedule('I need a date I can repeat');
    await vi.advanceTimersByTimeAsync(400);
    const failedAt = Date.now();
    j.busy = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(j.saved).toEqual(['I need a date', 'I need a date I can repeat']);
    expect(j.tries.at(-1)?.at).toBe(failedAt + 1000);
  });

  it('does not retry a value the journal refuses, and saves the next change', async () => {
    const refused = new Error('too long');
    const saved: string[] = [];
    const failures: (number | null)[] = [];
    let tries = 0;
    const a = new Autosaver<string>(
      async (v) => {
        tries++;
        if (v.length > 5) throw refused;
        saved.push(v);
      },
      { retryable: (e) => e !== refused, onFailure: (_, wait) => failures.push(wait) },
    );
    a.schedule('far too long');
    await vi.advanceTimersByTimeAsync(400);
    await vi.advanceTimersByTimeAsync(30000);
    expect(tries).toBe(1);
    expect(failures).toEqual([null]);
    expect(a.hasPending).toBe(true);
    a.schedule('short');
    await vi.advanceTimersByTimeAsync(400);
    expect(saved).toEqual(['short']);
  });

  it('flush tries at once during a wait, and says whether it saved', async () => {
    const j = journal();
    const a = new Autosaver<string>(j.save);
    j.busy = true;
    a.schedule('sealed soon');
    await vi.advanceTimersByTimeAsync(400);
    expect(await a.flush()).toBe(false);
    expect(j.tries).toHaveLength(2);
    expect(a.hasPending).toBe(true);
    j.busy = false;
    expect(await a.flush()).toBe(true);
    expect(j.saved).toEqual(['sealed soon']);
  });

  it('stop ends the retries', async () => {
    const j = journal();
    const a = new Autosaver<string>(j.save);
    j.busy = true;
    a.schedule('left behind');
    await vi.advanceTimersByTimeAsync(400);
    a.stop();
    j.busy = false;
    await vi.advanceTimersByTimeAsync(30000);
    expect(j.tries).toHaveLength(1);
    expect(j.saved).toEqual([]);
  });
});
