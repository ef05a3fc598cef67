/**
 * Build time only (scripts/vite/prerender-window.ts): the window's first screen as HTML,
 * put into index.html so it shows before the app's JavaScript has loaded.
 */
import { renderToString } from 'react-dom/server';
import { AppRoot } from './AppRoot';

export function renderWindow(): string {
  return renderToString(<AppRoot />);
}
