import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver } from './autosave';

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once typing pauses, with the latest value', async () => {
    const saved: string[] = [];
    const a = new Autosaver<string>(async (v) => void saved.push(v), 400, 1000, () => Date.now());
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
    const a = new Autosaver<string>(async (v) => void saved.push(v), 400, 1000, () => Date.now());
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
    await a.flush();
    await a.flush();
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual(['x']);
    expect(a.hasPending).toBe(false);
  });
});
