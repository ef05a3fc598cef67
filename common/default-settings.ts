/** The settings of a fresh install; the window starts from these until main's answer arrives. */
import type { Settings } from '../preload/contract';
import { DEFAULT_GLOBAL_SHORTCUT } from './accelerator';

export const DEFAULT_SETTINGS: Settings = {
  autoRefresh: false,
  clipboardClearSeconds: 90,
  globalShortcut: DEFAULT_GLOBAL_SHORTCUT,
  presentationMode: false,
  keepInTray: false,
};
