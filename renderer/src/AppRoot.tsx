import { StrictMode, useEffect } from 'react';
import { APP_LIVE_EVENT } from '../../common/app-live';
import { App } from './App';

/** Says the app has taken the page over, after App's own effects have started it. */
function LiveSignal(): null {
  useEffect(() => {
    document.dispatchEvent(new Event(APP_LIVE_EVENT));
  }, []);
  return null;
}

/**
 * The whole window, as the build prerenders it into index.html and as the page then
 * hydrates it: one tree for both, so the two renders match.
 */
export function AppRoot() {
  return (
    <StrictMode>
      <App />
      <LiveSignal />
    </StrictMode>
  );
}
