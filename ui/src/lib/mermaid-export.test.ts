// @vitest-environment jsdom
/**
 * The trends export (docs/example-trends.md, written by the real CLI on the
 * generated ten-year journal) must open in any Markdown viewer that draws
 * Mermaid: every ```mermaid block goes through Mermaid's own parser.
 * Mermaid sanitises with DOMPurify, which needs a DOM, hence jsdom here only.
 */
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import example from '../../../docs/example-trends.md?raw';

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

describe('the trends export', () => {
  const blocks = mermaidBlocks(example);

  it('has a chart for each need that both rated', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it.each(blocks.map((b, i) => [i, b] as const))('block %i parses as a Mermaid chart', async (_i, block) => {
    const result = await mermaid.parse(block);
    expect(result).toMatchObject({ diagramType: 'xychart' });
  });

  it('refuses a broken chart, so the check can fail', async () => {
    await expect(mermaid.parse('xychart-beta\n    line [1, 2,')).rejects.toThrow(/Parse error/);
  });
});
