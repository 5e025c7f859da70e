// @vitest-environment jsdom
/**
 * The window freezes Object.prototype. d3's colour and number-format modules
 * (which d3-scale loads) must still start there once the build has edited
 * them, and must fail without the edits, or this test proves nothing. Each
 * runs in an iframe's own realm, whose Object.prototype is frozen the way
 * the window freezes it.
 */
import { describe, expect, it } from 'vitest';
import colorModule from '../../node_modules/d3-color/dist/d3-color.mjs?raw';
import formatModule from '../../node_modules/d3-format/dist/d3-format.mjs?raw';
import { patchForFrozenPrototype } from '../../frozen-prototype.ts';

type Realm = Window & { eval: (code: string) => unknown };

/** Runs an ES module's code as strict script in a realm with a frozen Object.prototype; returns `result`'s value. */
function runFrozen(module: string, result: string): unknown {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const realm = frame.contentWindow as Realm;
  realm.eval('Object.freeze(Object.prototype)');
  const script = module.replace(/^export \{[^}]*\};?\s*$/m, '');
  try {
    return realm.eval(`"use strict";\n${script}\n;${result}`);
  } finally {
    frame.remove();
  }
}

const COLOR = '/ui/node_modules/d3-color/dist/d3-color.mjs';
const FORMAT = '/ui/node_modules/d3-format/dist/d3-format.mjs';

describe('d3 under a frozen Object.prototype', () => {
  it('fails to load as published, so the edits are needed', () => {
    expect(() => runFrozen(colorModule, 'rgb(1, 2, 3).toString()')).toThrow(/read.?only|constructor/i);
    expect(() => runFrozen(formatModule, 'format(".1f")(1)')).toThrow(/read.?only|toString/i);
  });

  it('loads and works once the build has edited it', () => {
    const color = patchForFrozenPrototype(COLOR, colorModule);
    const format = patchForFrozenPrototype(FORMAT, formatModule);
    expect(color).not.toBeNull();
    expect(format).not.toBeNull();
    expect(runFrozen(color ?? '', 'rgb(31, 122, 114).formatHex()')).toBe('#1f7a72');
    expect(runFrozen(color ?? '', 'rgb(1, 2, 3).constructor === rgb(0, 0, 0).constructor')).toBe(true);
    // A specifier spells out its defaults (fill, align, sign) when turned back into text.
    expect(runFrozen(format ?? '', 'formatSpecifier(",.2f").toString() + " " + format(",.2f")(1234.5)')).toBe(
      ' >-,.2f 1,234.50',
    );
  });

  it('stops the build when an edit no longer finds its text', () => {
    expect(() => patchForFrozenPrototype(COLOR, 'export const x = 1;')).toThrow(/no longer contains/);
    expect(patchForFrozenPrototype('/ui/node_modules/d3-scale/src/linear.js', 'x')).toBeNull();
  });
});
