/**
 * A recording stand-in for the parts of Electron the shell uses. The shell's wiring
 * tests (tests/main/electron-shell.test.ts) assert on what it recorded.
 */
export const electronMock = {};
