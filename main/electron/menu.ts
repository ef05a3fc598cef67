/**
 * The application menu. Its token items name the UI's own shortcuts, but do not
 * register them (registerAccelerator: false): the page already handles Ctrl/Cmd+Enter
 * and Ctrl/Cmd+Shift+C, in both shells, and a second listener would fetch twice.
 * Choosing an item sends the same command to the page instead.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../preload/contract';

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform;
  /** Delivers a command to the window. */
  readonly send: (command: MenuCommand) => void;
}

export function buildAppMenu(options: AppMenuOptions): Menu {
  const { send } = options;
  const isMac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Token',
      submenu: [
        { label: 'Get token', accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false, click: () => send('get-token') },
        {
          label: 'Copy token',
          accelerator: 'CmdOrCtrl+Shift+C',
          registerAccelerator: false,
          click: () => send('copy-token'),
        },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
