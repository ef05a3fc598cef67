/**
 * The bridge over IPC: one ipcMain.handle per contract channel, nothing else. Every
 * handler first checks who is asking: only the top frame of one of our own windows,
 * showing our own app:// page, reaches the core. Anything else (another window, an
 * iframe, a page that navigated away) gets a refusal and the core never sees it.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, METHOD_NAMES, type BridgeError, type BridgeResult } from '../../preload/contract';
import type { BridgeHandlerTable } from '../core/bridge-handler-table';
import { toBridgeError } from '../core/error-mapping';
import { isAppUrl } from './app-protocol';

export interface SenderGuard {
  /** Trusts this webContents until it is destroyed. */
  trust(contents: WebContents): void;
  isTrusted(event: IpcMainInvokeEvent): boolean;
}

export function createSenderGuard(): SenderGuard {
  const trusted = new Set<number>();
  return {
    trust(contents) {
      const { id } = contents;
      trusted.add(id);
      contents.once('destroyed', () => trusted.delete(id));
    },
    isTrusted(event) {
      const frame = event.senderFrame;
      return trusted.has(event.sender.id) && frame !== null && frame.parent === null && isAppUrl(frame.url);
    },
  };
}

const REFUSED: BridgeResult<never> = {
  ok: false,
  error: {
    kind: 'internal',
    message: 'This request was refused.',
    explanation: "Only Widget Token Desk's own window may use the app.",
    resolution: 'Use the Widget Token Desk window.',
  } satisfies BridgeError,
};

/** Registers every contract channel; returns the function that removes them again. */
export function registerBridgeIpc(handlers: BridgeHandlerTable, guard: SenderGuard): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(CHANNELS[method], async (event, request: unknown) => {
      if (!guard.isTrusted(event)) return REFUSED;
      try {
        return await handlers[method](request);
      } catch (error) {
        // Handlers answer with results, not throws; a throw is a bug, reported without detail.
        return { ok: false, error: toBridgeError(error) };
      }
    });
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(CHANNELS[method]);
  };
}
