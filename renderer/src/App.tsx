import { lazy, Suspense, useEffect } from 'react';
import { AutoRefresh } from './components/AutoRefresh';
import { DecodePanel } from './components/DecodePanel';
import { DeskPanels } from './components/DeskPanels';
import { ErrorAlert } from './components/ErrorAlert';
import { GetTokenBar } from './components/GetTokenBar';
import { KeychainBanner } from './components/KeychainBanner';
import { ProfilePicker } from './components/ProfilePicker';
import { ProfilesOnFocus } from './components/ProfilesOnFocus';
import { TokenCard } from './components/TokenCard';
import { useShortcuts } from './shortcuts';
import { appStore, useApp } from './store';

const AuthorizationPanel = lazy(() => import('./components/AuthorizationPanel'));

export function App() {
  const appInfo = useApp((s) => s.appInfo);
  // Not in the prerendered first screen: it appears once the profiles are known.
  const profilesReady = useApp((s) => s.profilesStatus === 'ready');
  useShortcuts(appStore);
  useEffect(() => {
    void appStore.getState().init();
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Widget Token Desk</h1>
        <span className="app-meta">
          {appInfo === null ? '' : `v${appInfo.version} · ${appInfo.shell === 'preview' ? 'browser preview' : 'desktop'}`}
        </span>
      </header>
      <main className="app-main">
        <KeychainBanner />
        <ProfilePicker />
        <GetTokenBar />
        <ErrorAlert source="app" />
        <TokenCard />
        <DecodePanel />
        <DeskPanels />
        {profilesReady && (
          <Suspense fallback={null}>
            <AuthorizationPanel />
          </Suspense>
        )}
      </main>
      <AutoRefresh />
      <ProfilesOnFocus />
    </div>
  );
}
