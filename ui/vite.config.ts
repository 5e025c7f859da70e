import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { frozenPrototype } from './frozen-prototype.ts';

export default defineConfig({
  plugins: [frozenPrototype(), svelte()],
  clearScreen: false,
  server: {
    // The UI's own files, and docs/ for the test that parses the example
    // trends export with Mermaid. Nothing else outside ui/ is served.
    fs: { allow: ['.', '../docs'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari16',
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
