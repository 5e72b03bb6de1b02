import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests, properties and scenarios import the package by name, as users do;
    // under vitest that name means the TypeScript sources.
    alias: { simloop: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.test.ts', 'scenarios/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
