/**
 * Every keyboard shortcut of the window, in one table: the key handler, the
 * shortcuts overlay and the native menu all read it, so what the overlay
 * lists is what the keys do.
 */

/** What a shortcut or a menu item asks the window to do. */
export type Action =
  | 'new-retro'
  | 'open-partner-file'
  | 'export'
  | 'search'
  | 'retros'
  | 'journal'
  | 'trends'
  | 'needs'
  | 'preferences'
  | 'reminders'
  | 'shortcuts'
  | 'about';

/** One key combination; `ctrl` also matches ⌘ on a Mac keyboard. */
export interface Keys {
  ctrl: boolean;
  shift: boolean;
  /** `KeyboardEvent.key`, lower case for letters. */
  key: string;
}

export interface Shortcut {
  action: Action;
  /** What the overlay says it does. */
  label: string;
  /** Its item in the window's menu. */
  menu: string;
  keys: Keys[];
}

const ctrl = (key: string, shift = false): Keys => ({ ctrl: true, shift, key });

export const SHORTCUTS: Shortcut[] = [
  { action: 'new-retro', label: 'New retro', menu: 'New Retro…', keys: [ctrl('n')] },
  {
    action: 'open-partner-file',
    label: 'Open a file from your partner',
    menu: 'Open a File from Your Partner…',
    keys: [ctrl('o')],
  },
  { action: 'export', label: 'Export the open retro, or a date range', menu: 'Export…', keys: [ctrl('e')] },
  { action: 'preferences', label: 'Preferences', menu: 'Preferences…', keys: [ctrl(',')] },
  { action: 'reminders', label: 'Reminders before each 1:1', menu: 'Reminders Before Each 1:1…', keys: [] },
  { action: 'retros', label: 'Retros', menu: 'Retros', keys: [ctrl('1')] },
  { action: 'journal', label: 'My journal', menu: 'My Journal', keys: [ctrl('2')] },
  { action: 'search', label: 'Search my journal', menu: 'Search My Journal', keys: [ctrl('f')] },
  { action: 'trends', label: 'Over time', menu: 'Over Time', keys: [ctrl('3'), ctrl('o', true)] },
  { action: 'needs', label: 'Needs', menu: 'Needs', keys: [ctrl('4')] },
  {
    action: 'shortcuts',
    label: 'Keyboard shortcuts',
    menu: 'Keyboard Shortcuts',
    keys: [{ ctrl: false, shift: false, key: '?' }],
  },
  { action: 'about', label: 'About Retro Companion', menu: 'About Retro Companion', keys: [] },
];

/** The window's menu: its groups and the actions in each, in order. */
export const MENU: { text: string; actions: Action[]; quit?: boolean }[] = [
  { text: 'File', actions: ['new-retro', 'open-partner-file', 'export', 'reminders', 'preferences'], quit: true },
  { text: 'Go', actions: ['retros', 'journal', 'search', 'trends', 'needs'] },
  { text: 'Help', actions: ['shortcuts', 'about'] },
];

/** Shortcuts that belong to one screen or to the app's menu, listed in the overlay too. */
export const OTHER_SHORTCUTS: { label: string; keys: Keys[] }[] = [
  { label: 'Pause the reveal (on the reveal screen)', keys: [ctrl('.')] },
  { label: 'Move through a chart’s points (Over time)', keys: [{ ctrl: false, shift: false, key: 'Arrow keys' }] },
  { label: 'Quit', keys: [ctrl('q')] },
];

/** How a key combination reads on screen: `Ctrl+Shift+O`. */
export function describe(keys: Keys): string {
  const key = keys.key.length === 1 ? keys.key.toUpperCase() : keys.key;
  return [keys.ctrl ? 'Ctrl' : '', keys.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/**
 * The menu's accelerator for an action: its first key with Ctrl. A plain
 * key is never one, or the menu would take it from the text being typed.
 */
export function accelerator(shortcut: Shortcut): string | undefined {
  const keys = shortcut.keys.find((k) => k.ctrl);
  return keys && ['CmdOrCtrl', keys.shift ? 'Shift' : '', keys.key.toUpperCase()].filter(Boolean).join('+');
}

/** The key press as the shortcut table reads it. */
export interface Press {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The action a key press asks for, or `null`. `typing` says the focus is
 * in a text field: there a plain key is text, never a shortcut.
 */
export function actionFor(press: Press, typing: boolean): Action | null {
  if (press.altKey) return null;
  const withCtrl = press.ctrlKey || press.metaKey;
  if (!withCtrl && typing) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  for (const s of SHORTCUTS) {
    for (const k of s.keys) {
      // `?` is typed with Shift on most layouts: its Shift is part of the key.
      const shiftMatters = k.ctrl;
      if (k.ctrl === withCtrl && (!shiftMatters || k.shift === press.shiftKey) && k.key === key) return s.action;
    }
  }
  return null;
}
