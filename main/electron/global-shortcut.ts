/** Electron's globalShortcut behind the core's ShortcutControl, which decides and reports. */
import { globalShortcut } from 'electron';
import { ShortcutControl } from '../core/desktop/shortcut-control';

export function createShortcutControl(run: () => void): ShortcutControl {
  return new ShortcutControl(
    {
      register: (accelerator, callback) => globalShortcut.register(accelerator, callback),
      unregister: (accelerator) => globalShortcut.unregister(accelerator),
    },
    run,
  );
}
