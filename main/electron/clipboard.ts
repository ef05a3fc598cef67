/**
 * The system clipboard for copied tokens. The text goes with the platform's markers in one
 * atomic write (clipboard.write with a ClipboardItem; separate writes would each replace
 * the clipboard's whole content): on macOS `org.nspasteboard.ConcealedType`, which clipboard
 * managers honour by not recording it; on Windows `ExcludeClipboardContentFromMonitorProcessing`
 * and `CanIncludeInClipboardHistory` = 0 (also `CanUploadToCloudClipboard` = 0), which keep it
 * out of Win+V history and cloud sync; on Linux KDE's `x-kde-passwordManagerHint`.
 */
import { clipboard, ClipboardItem } from 'electron';
import type { SystemClipboard } from '../core/desktop/clipboard-guard';

/** Electron's name for a platform format written as is. */
export function rawFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/** A DWORD 0, as Windows reads these two formats. */
const DWORD_ZERO = new Uint8Array(4);

/** The entries written with a secret text on each platform, beside `text/plain`. */
export function secretMarkers(platform: NodeJS.Platform): Readonly<Record<string, Blob>> {
  switch (platform) {
    case 'darwin':
      return { [rawFormat('org.nspasteboard.ConcealedType')]: new Blob([]) };
    case 'win32':
      return {
        [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: new Blob([DWORD_ZERO]),
        [rawFormat('CanIncludeInClipboardHistory')]: new Blob([DWORD_ZERO]),
        [rawFormat('CanUploadToCloudClipboard')]: new Blob([DWORD_ZERO]),
      };
    default:
      return { [rawFormat('x-kde-passwordManagerHint')]: new Blob(['secret']) };
  }
}

export function createSystemClipboard(platform: NodeJS.Platform = process.platform): SystemClipboard {
  return {
    writeSecret: (text) => clipboard.write([new ClipboardItem({ 'text/plain': text, ...secretMarkers(platform) })]),
    readText: () => clipboard.readText(),
    clear: async () => clipboard.clear(),
  };
}
