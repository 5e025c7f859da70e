import { describe, expect, it } from 'vitest';
import type { Need } from './bindings/Need';
import { emptyContent, needsForEditor, snippetParts, toggleProxy, updateRating } from './entry';

const need = (id: number, roleId: number, archived = false): Need => ({
  id,
  roleId,
  name: `N${id}`,
  explanation: '',
  frustration: '',
  builtin: true,
  archived,
});

describe('updateRating', () => {
  it('adds, changes and drops a rating so that "not rated" stays empty', () => {
    const c = emptyContent();
    updateRating(c, 3, { rating: 2 });
    updateRating(c, 3, { note: 'slipped' });
    expect(c.ratings).toEqual([{ needId: 3, rating: 2, note: 'slipped' }]);
    updateRating(c, 3, { rating: null, note: '' });
    expect(c.ratings).toEqual([]);
  });
});

describe('toggleProxy', () => {
  it('adds a trimmed tag once and removes it on the second toggle', () => {
    const c = emptyContent();
    toggleProxy(c, ' deadline ');
    expect(c.proxies).toEqual(['deadline']);
    toggleProxy(c, 'deadline');
    expect(c.proxies).toEqual([]);
    toggleProxy(c, '   ');
    expect(c.proxies).toEqual([]);
  });
});

describe('needsForEditor', () => {
  it('puts my role first and hides archived needs unless the entry uses them', () => {
    const c = emptyContent();
    const needs = [need(1, 1), need(2, 2), need(3, 2, true), need(4, 1, true)];
    expect(needsForEditor(needs, 2, c)).toEqual({ mine: [needs[1]], others: [needs[0]] });
    updateRating(c, 4, { rating: 1 });
    expect(needsForEditor(needs, 2, c).others.map((n) => n.id)).toEqual([1, 4]);
  });
});

describe('snippetParts', () => {
  it('marks the matched words and keeps everything else as plain text', () => {
    expect(snippetParts('…the \uE000billing\uE001 date <b>\uE000holds\uE001')).toEqual([
      { text: '…the ', hit: false },
      { text: 'billing', hit: true },
      { text: ' date <b>', hit: false },
      { text: 'holds', hit: true },
    ]);
  });
});
