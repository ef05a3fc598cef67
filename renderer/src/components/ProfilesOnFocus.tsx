import { useEffect } from 'react';
import { useApp } from '../store';

/**
 * Renders nothing: when the window comes back into view, the profiles are read again, so a
 * profile chosen in the tray menu (or with `widget-token profile use`) shows here.
 */
export function ProfilesOnFocus() {
  const refreshProfiles = useApp((s) => s.refreshProfiles);
  useEffect(() => {
    const refresh = (): void => {
      if (document.visibilityState === 'visible') void refreshProfiles();
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [refreshProfiles]);
  return null;
}
