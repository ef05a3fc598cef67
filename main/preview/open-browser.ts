/**
 * Opens the preview in the user's browser with the platform's own opener. It is a
 * convenience: the address is already printed, so a failure costs one line on stderr
 * and nothing else.
 */
import { spawn } from 'node:child_process';

export function browserOpener(platform: NodeJS.Platform): { readonly command: string; readonly args: readonly string[] } {
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [] };
    case 'win32':
      // `start` is built into cmd; its first quoted argument is a window title.
      return { command: 'cmd', args: ['/d', '/s', '/c', 'start', '""'] };
    default:
      return { command: 'xdg-open', args: [] };
  }
}

export function openInBrowser(url: string, report: (line: string) => void, platform: NodeJS.Platform = process.platform): void {
  const { command, args } = browserOpener(platform);
  let reported = false;
  const fail = () => {
    if (reported) return;
    reported = true;
    report(`Could not open a browser (${command} failed); open the address above yourself.`);
  };
  try {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) fail();
    });
    // The opener may outlive the preview's wait; it must never hold the process open.
    child.unref();
  } catch {
    fail();
  }
}
