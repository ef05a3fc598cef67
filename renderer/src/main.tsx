import { createRoot, hydrateRoot } from 'react-dom/client';
import { AppRoot } from './AppRoot';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
if (root.firstElementChild === null) {
  // The dev server's page is empty: draw the window.
  createRoot(root).render(<AppRoot />);
} else {
  // A built page carries its first screen, prerendered (scripts/vite/prerender-window.ts).
  // Let the browser paint it first, then take it over: hydrating is the longest task of
  // the start, and until it ends nothing new reaches the screen.
  requestAnimationFrame(() => setTimeout(() => hydrateRoot(root, <AppRoot />), 0));
}
