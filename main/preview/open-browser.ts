/**
 * Opens the preview in the user's browser with the platform's own opener. It is a
 * convenience: the address is already printed, so a failure costs one line on stderr
 * and nothing else.
 *
 * The address carries the run's key, and a process's arguments are readable by every
 * user of the machine (`ps`, /proc/<pid>/cmdline), so the opener never sees it: it gets
 * the path of a small launcher page instead, readable by this user only, which sends the
 * browser on to the address. The launcher is deleted when the preview stops.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

/** The launcher opened in the browser; close() deletes it. */
export interface BrowserLaunch {
  /** The launcher page's path, or null when it could not be written. */
  readonly launcherPath: string | null;
  close(): Promise<void>;
}

const LAUNCHER_NAME = 'open-widget-token-desk.html';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * location.replace keeps the launcher out of the tab's history; the link is for a browser
 * with scripts off. `<` is escaped so no address can close the script element.
 */
export function launcherPage(url: string): string {
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">',
    '<title>Widget Token Desk</title>',
    `<script>location.replace(${target});</script>`,
    `</head><body><a href="${escapeHtml(url)}">Open Widget Token Desk</a></body></html>`,
    '',
  ].join('\n');
}

/** Writes the launcher in a fresh private folder (mkdtemp makes it 0700), the file itself 0600. */
async function writeLauncher(url: string): Promise<{ readonly dir: string; readonly file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'widget-token-preview-'));
  const file = path.join(dir, LAUNCHER_NAME);
  try {
    await writeFile(file, launcherPage(url), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, file };
}

export async function openInBrowser(
  url: string,
  report: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): Promise<BrowserLaunch> {
  const { command, args } = browserOpener(platform);
  let reported = false;
  const fail = () => {
    if (reported) return;
    reported = true;
    report(`Could not open a browser (${command} failed); open the address above yourself.`);
  };
  let launcher: { readonly dir: string; readonly file: string };
  try {
    launcher = await writeLauncher(url);
  } catch {
    fail();
    return { launcherPath: null, close: () => Promise.resolve() };
  }
  // The browser reads the launcher after the opener has exited, so it stays until the preview stops.
  const close = () => rm(launcher.dir, { recursive: true, force: true });
  try {
    const child = spawn(command, [...args, launcher.file], { stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) fail();
    });
    // The opener may outlive the preview's wait; it must never hold the process open.
    child.unref();
  } catch {
    fail();
  }
  return { launcherPath: launcher.file, close };
}
