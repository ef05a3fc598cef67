/**
 * The global shortcut's state: which accelerator is registered, or why none is. A shortcut
 * another program holds is reported (Electron's register answers false), never ignored.
 */
import type { DesktopStatus } from '../../../preload/contract';

/** Electron's globalShortcut, as far as this needs it. */
export interface ShortcutRegistry {
  register(accelerator: string, run: () => void): boolean;
  unregister(accelerator: string): void;
}

export type ShortcutStatus = DesktopStatus['shortcut'];

export const SHORTCUT_OFF: ShortcutStatus = { accelerator: null, registered: false, problem: null };

export class ShortcutControl {
  private current: ShortcutStatus = SHORTCUT_OFF;

  constructor(
    private readonly registry: ShortcutRegistry,
    private readonly run: () => void,
  ) {}

  get status(): ShortcutStatus {
    return this.current;
  }

  /** Registers `accelerator` in place of the current one (null turns the shortcut off). */
  apply(accelerator: string | null): ShortcutStatus {
    if (accelerator === this.current.accelerator && this.current.registered) return this.current;
    if (this.current.registered && this.current.accelerator !== null) this.registry.unregister(this.current.accelerator);
    if (accelerator === null) {
      this.current = SHORTCUT_OFF;
      return this.current;
    }
    let registered: boolean;
    try {
      registered = this.registry.register(accelerator, this.run);
    } catch {
      this.current = { accelerator, registered: false, problem: `${accelerator} is not a shortcut this system accepts. Choose another one.` };
      return this.current;
    }
    this.current = registered
      ? { accelerator, registered: true, problem: null }
      : { accelerator, registered: false, problem: `${accelerator} is taken by another program (or by the system). Choose another shortcut.` };
    return this.current;
  }
}

/** What the browser preview cannot do, said in the Settings view. */
export const PREVIEW_STATUS: DesktopStatus = {
  shortcut: { accelerator: null, registered: false, problem: 'The browser preview has no global shortcut: it works in the desktop app.' },
  clipboardNotes: [
    'Copies go through the browser: it cannot mark them concealed (macOS) or keep them out of clipboard history (Windows).',
    'The clear after the delay happens only while this tab is open and the browser lets the page read the clipboard.',
  ],
};

export const ELECTRON_CLIPBOARD_NOTES: readonly string[] = [
  'Copies are marked concealed on macOS and excluded from clipboard history on Windows.',
  'A copy is cleared after the delay only if the clipboard still holds it.',
];
