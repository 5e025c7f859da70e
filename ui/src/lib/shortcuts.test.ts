import { describe as group, expect, it } from 'vitest';
import { accelerator, actionFor, describe, MENU, SHORTCUTS, type Press } from './shortcuts';

const press = (key: string, mods: Partial<Press> = {}): Press => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

group('actionFor', () => {
  it('finds the action of a Ctrl shortcut, whatever the case of the letter', () => {
    expect(actionFor(press('n', { ctrlKey: true }), false)).toBe('new-retro');
    expect(actionFor(press('N', { ctrlKey: true }), false)).toBe('new-retro');
    expect(actionFor(press('f', { metaKey: true }), false)).toBe('search');
    expect(actionFor(press('2', { ctrlKey: true }), false)).toBe('journal');
  });

  it('tells Ctrl+O from Ctrl+Shift+O', () => {
    expect(actionFor(press('o', { ctrlKey: true }), false)).toBe('open-partner-file');
    expect(actionFor(press('O', { ctrlKey: true, shiftKey: true }), false)).toBe('trends');
  });

  it('works from a text field with Ctrl, never for a plain key typed there', () => {
    expect(actionFor(press('e', { ctrlKey: true }), true)).toBe('export');
    expect(actionFor(press('?', { shiftKey: true }), true)).toBeNull();
    expect(actionFor(press('?', { shiftKey: true }), false)).toBe('shortcuts');
  });

  it('leaves other keys alone', () => {
    expect(actionFor(press('n'), false)).toBeNull();
    expect(actionFor(press('n', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(actionFor(press('x', { ctrlKey: true }), false)).toBeNull();
    expect(actionFor(press('n', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });

  it('gives every key combination to one action only', () => {
    const seen = SHORTCUTS.flatMap((s) => s.keys.map(describe));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

group('describe', () => {
  it('reads as the keys are written on a keyboard', () => {
    expect(describe({ ctrl: true, shift: true, key: 'o' })).toBe('Ctrl+Shift+O');
    expect(describe({ ctrl: true, shift: false, key: ',' })).toBe('Ctrl+,');
    expect(describe({ ctrl: false, shift: false, key: '?' })).toBe('?');
  });
});

group('the menu', () => {
  it('holds every action once, with the Ctrl keys as accelerators and no plain key', () => {
    const inMenu = MENU.flatMap((g) => g.actions);
    expect(new Set(inMenu).size).toBe(inMenu.length);
    expect([...inMenu].sort()).toEqual(SHORTCUTS.map((s) => s.action).sort());
    const of = (a: string) => SHORTCUTS.find((s) => s.action === a)!;
    expect(accelerator(of('trends'))).toBe('CmdOrCtrl+3');
    expect(accelerator(of('new-retro'))).toBe('CmdOrCtrl+N');
    expect(accelerator(of('shortcuts'))).toBeUndefined();
    expect(accelerator(of('about'))).toBeUndefined();
  });
});
