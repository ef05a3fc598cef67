import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'common/**/*.test.ts', 'preload/**/*.test.ts', 'tests/**/*.test.ts', 'e2e/**/*.test.ts', 'renderer/**/*.test.ts'],
    // Electron is replaced here, once, for every test (its binary cannot be downloaded here).
    setupFiles: ['tests/setup-electron-mock.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Keychain and Chromium tests share one Secret Service and two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
