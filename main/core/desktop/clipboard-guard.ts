/**
 * Clipboard hygiene for copied tokens: written with the platform's "do not keep this"
 * markers (the shell's SystemClipboard knows them), and cleared after the set delay, but
 * only if the clipboard still holds what we put there: whatever the user copied since is
 * theirs and is never touched.
 */

/** The shell's clipboard (Electron's in the desktop app). */
export interface SystemClipboard {
  /** Writes text marked as concealed (macOS) and excluded from clipboard history (Windows). */
  writeSecret(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A pending clear must not keep a quitting process alive.
    handle.unref?.();
    return handle;
  },
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ClipboardGuard {
  private pending: unknown = null;

  constructor(
    private readonly clipboard: SystemClipboard,
    /** The current clipboardClearSeconds setting (0 = never). */
    private readonly clearAfterSeconds: () => Promise<number>,
    private readonly timers: Timers = realTimers,
  ) {}

  async copy(text: string): Promise<void> {
    await this.clipboard.writeSecret(text);
    // Only the newest copy counts: an earlier timer would clear a text it does not own.
    if (this.pending !== null) this.timers.cancel(this.pending);
    this.pending = null;
    const seconds = await this.clearAfterSeconds();
    if (seconds <= 0) return;
    this.pending = this.timers.set(() => {
      this.pending = null;
      void this.clearIfUnchanged(text);
    }, seconds * 1000);
  }

  private async clearIfUnchanged(text: string): Promise<void> {
    try {
      if ((await this.clipboard.readText()) === text) await this.clipboard.clear();
    } catch {
      // A clipboard that cannot be read now (locked session, say) is left alone: clearing blind could erase the user's own copy.
    }
  }
}
