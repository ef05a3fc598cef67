/**
 * The folder that holds profiles.json. The desktop app and the CLI must agree on it, so
 * it is computed here, without Electron, to be the very folder Electron's
 * `app.getPath('userData')` gives an app whose product name is "Widget Token Desk".
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Widget Token Desk';

/** `WIDGET_TOKEN_HOME` if set, else the app's userData folder on this platform. */
export function dataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.WIDGET_TOKEN_HOME;
  if (override) return path.resolve(override);

  switch (platform) {
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      // Electron asks Windows for the roaming AppData folder, which %APPDATA% names.
      return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      // Chromium takes XDG_CONFIG_HOME when it is set and not empty, else ~/.config.
      return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), PRODUCT_NAME);
  }
}
