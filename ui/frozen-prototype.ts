/**
 * The window freezes `Object.prototype` (`freezePrototype` in
 * tauri.conf.json), so no script can tamper with what every object
 * inherits. Two of the modules d3-scale brings in assign `constructor` or
 * `toString` onto an object that inherits the frozen one, which throws in
 * strict code ("the override mistake") as soon as the bundle loads. These
 * edits give those objects their own writable property first, which is what
 * the assignment meant; nothing else in d3 changes.
 *
 * Each edit must find its text: after an upgrade of d3 the build stops with
 * a message instead of shipping a window that fails to start.
 */
import type { Plugin } from 'vite';

interface Edit {
  /** Where the module lives, as it appears in its resolved path. */
  module: string;
  find: string;
  replace: string;
}

export const EDITS: Edit[] = [
  {
    module: '/node_modules/d3-color/',
    find: 'prototype.constructor = constructor;',
    replace: 'Object.defineProperty(prototype, "constructor", { value: constructor, writable: true, configurable: true });',
  },
  {
    module: '/node_modules/d3-format/',
    find: 'FormatSpecifier.prototype.toString = function() {',
    replace:
      'Object.defineProperty(FormatSpecifier.prototype, "toString", { value: null, writable: true, configurable: true });\n' +
      'FormatSpecifier.prototype.toString = function() {',
  },
];

/** `code` of the module at `id` with its edits made, or `null` when none applies. */
export function patchForFrozenPrototype(id: string, code: string): string | null {
  const edits = EDITS.filter((e) => id.includes(e.module));
  // Only the module's own code: not a `?raw` copy or any other query, which is text.
  if (edits.length === 0 || !/\.m?js$/.test(id)) return null;
  let out = code;
  for (const e of edits) {
    if (!out.includes(e.find)) {
      throw new Error(
        `${id} no longer contains "${e.find}". Check it still loads under a frozen Object.prototype, then update frozen-prototype.ts.`,
      );
    }
    out = out.replaceAll(e.find, e.replace);
  }
  return out;
}

export function frozenPrototype(): Plugin {
  return {
    name: 'frozen-prototype',
    enforce: 'pre',
    transform(code, id) {
      const patched = patchForFrozenPrototype(id, code);
      return patched === null ? null : { code: patched, map: null };
    },
  };
}
