/**
 * The tray (menu-bar) icon: what it lists is decided in the core (tray-model.ts); this
 * turns those items into Electron's menu and keeps the macOS title on the countdown.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../core/data-dir';
import { trayItems, trayTitle, type TrayAction, type TrayProfiles } from '../core/desktop/tray-model';

export function trayMenuTemplate(profiles: TrayProfiles | null, run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return trayItems(profiles).map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'note':
        return { label: item.label, enabled: false };
      case 'profile':
        return { label: item.label, type: 'radio', checked: item.checked, click: () => run(item.action) };
      case 'action':
        return { label: item.label, click: () => run(item.action) };
    }
  });
}

export interface AppTray {
  showProfiles(profiles: TrayProfiles | null): void;
  /** macOS only: the menu-bar title; elsewhere a tooltip says the same. */
  showCountdown(msLeft: number | null): void;
  destroy(): void;
}

export function createAppTray(iconPath: string, run: (action: TrayAction) => void): AppTray {
  const image = nativeImage.createFromPath(iconPath);
  const tray = new Tray(image.isEmpty() ? image : image.resize({ width: 16, height: 16 }));
  tray.setToolTip(PRODUCT_NAME);
  return {
    showProfiles(profiles) {
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(profiles, run)));
    },
    showCountdown(msLeft) {
      const title = trayTitle(msLeft);
      if (process.platform === 'darwin') tray.setTitle(title, { fontType: 'monospacedDigit' });
      tray.setToolTip(title === '' ? PRODUCT_NAME : `${PRODUCT_NAME}: token expires in ${title}`);
    },
    destroy() {
      tray.destroy();
    },
  };
}
