import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    // Generous limits: CI is a loaded 2-core machine, where the slowest tests (spawning the CLI,
    // worker threads, a fake exchange) take several times as long as alone. Tests assert no duration.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    expect: { poll: { timeout: 20_000, interval: 20 } },
    pool: 'threads',
  },
});
