import { describe, expect, it } from 'vitest';
import type { Person } from './bindings/Person';
import type { Perspective } from './bindings/Perspective';
import { listOf, perspectiveLine, signalLabel } from './compare';

const role = { id: 1, name: 'Product', builtin: true };
const maya: Person = { id: 1, name: 'Maya', role, isMe: true, hasPin: false };
const dev: Person = { id: 2, name: 'Dev', role: { ...role, id: 2, name: 'Engineering' }, isMe: false, hasPin: true };
const names: Record<number, string> = { 1: 'predictability', 5: 'sustainability', 6: 'craft', 4: 'autonomy' };
const name = (id: number) => names[id] ?? `#${id}`;
const need = { id: 1, roleId: 1, name: 'x', explanation: '', frustration: '', builtin: true, archived: false };

function p(over: Partial<Perspective>): Perspective {
  return { guesser: maya, about: dev, guessed: [6], hits: [], named: 5, lowest: [], ...over };
}

describe('listOf', () => {
  it('joins with commas and a final "and"', () => {
    expect(listOf([])).toBe('');
    expect(listOf(['a'])).toBe('a');
    expect(listOf(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('signalLabel', () => {
  it('names shared pain, the size of a gap and who rated alone', () => {
    const row = { need, notes: ['', ''] };
    expect(signalLabel({ ...row, ratings: [1, 2], signal: 'sharedPain' }, [maya, dev])).toBe('Both hurting');
    expect(signalLabel({ ...row, ratings: [5, 2], signal: 'gap' }, [maya, dev])).toBe('Gap of 3');
    expect(signalLabel({ ...row, ratings: [null, 4], signal: 'onlyOne' }, [maya, dev])).toBe('Only Dev rated this');
    expect(signalLabel({ ...row, ratings: [3, 4], signal: null }, [maya, dev])).toBeNull();
  });
});

describe('perspectiveLine', () => {
  it('states a miss neutrally, with what the other person actually said', () => {
    const line = perspectiveLine(p({ lowest: [1, 5] }), name);
    expect(line.hit).toBe(false);
    expect(line.text).toBe('Maya thought Dev most needed craft; Dev named sustainability and rated predictability lowest.');
  });

  it('states a hit and the guesses that did not come up', () => {
    const line = perspectiveLine(p({ guessed: [5, 4], hits: [5] }), name);
    expect(line.hit).toBe(true);
    expect(line.text).toBe('Maya saw sustainability coming: Dev named sustainability. autonomy did not come up for Dev.');
  });

  it('copes with a partner who named nothing and rated nothing low', () => {
    expect(perspectiveLine(p({ named: null }), name).text).toBe(
      'Maya thought Dev most needed craft; Dev did not single out a need.',
    );
  });
});
