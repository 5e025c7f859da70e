import { describe, expect, it } from 'vitest';
import { AppError, isTransient, toAppError } from './errors';

describe('toAppError', () => {
  it('keeps the code and message the backend sent', () => {
    const e = toAppError({ code: 'invalid_input', message: "The title can't be empty." });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe("The title can't be empty.");
  });

  it('turns a bare string into a sentence that says the journal is safe', () => {
    const e = toAppError('store not found');
    expect(e.code).toBe('unexpected');
    expect(e.message).toContain('(store not found)');
    expect(e.message).toContain('journal was not changed');
  });

  it('never shows an object dump', () => {
    const e = toAppError({ weird: true });
    expect(e.message).not.toContain('[object');
    expect(e.message).not.toContain('{');
  });

  it('passes an AppError through untouched', () => {
    const original = new AppError('not_found', 'y');
    expect(toAppError(original)).toBe(original);
  });
});

describe('isTransient', () => {
  it('is true for a busy journal and for failures from outside the journal', () => {
    expect(isTransient({ code: 'journal_busy', message: 'busy' })).toBe(true);
    expect(isTransient('the connection dropped')).toBe(true);
  });

  it('is false when the journal refused the value itself', () => {
    expect(isTransient({ code: 'invalid_input', message: 'too long' })).toBe(false);
    expect(isTransient({ code: 'entry_sealed', message: 'sealed' })).toBe(false);
  });
});
