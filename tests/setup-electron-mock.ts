/**
 * The one place Electron is replaced for every test: its binary is not on these machines
 * (an unmocked `import 'electron'` would try to download it). The shell's wiring tests
 * read what the shell did from the recorder below.
 */
import { vi } from 'vitest';
import { electronMock } from './electron-mock';

vi.mock('electron', () => electronMock);
