/** The bridge methods of issue 13 (history, settings, desktop status) against the real core and sandbox. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/default-settings';
import { value } from '../../tests/support/bridge-result';
import { createSandboxLauncher } from '../sandbox/sandbox-launcher';
import { createBridgeHandlers } from './bridge-handlers';
import type { BridgeHandlerTable } from './bridge-handler-table';
import { PREVIEW_STATUS } from './desktop/shortcut-control';
import { createMemorySecretStore } from './memory-secret-store';

const launcher = createSandboxLauncher();
let home: string;
let handlers: BridgeHandlerTable;

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'wtd-bridge-desktop-'));
  handlers = createBridgeHandlers({ shell: 'preview', appVersion: '0.0.0-test', dataDir: home, secrets: createMemorySecretStore(), sandbox: launcher.launch });
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

afterAll(async () => {
  await launcher.close();
});

describe('listHistory', () => {
  it('lists each call of the session, its code and request_id, and never the token', async () => {
    expect(value(await handlers.listHistory({}))).toEqual({ entries: [] });
    const token = value(await handlers.getToken({}));
    const refused = await handlers.getToken({ profile: 'no-such-profile' });
    expect(refused.ok).toBe(false);
    const { entries } = value(await handlers.listHistory({}));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ profile: 'sandbox', code: '0', requestId: token.requestId, expiresAtMs: token.effectiveExpiryMs, source: 'window' });
    expect(entries[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(entries[1]).toMatchObject({ profile: 'no-such-profile', code: 'not-found', requestId: null, expiresAtMs: null });
    expect(JSON.stringify(entries)).not.toContain(token.token);
  });
});

describe('settings through the bridge', () => {
  it('change only what is sent, land in settings.json with no token, and come back after a restart', async () => {
    value(await handlers.getToken({}));
    const saved = value(await handlers.saveSettings({ presentationMode: true, clipboardClearSeconds: 30 }));
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, presentationMode: true, clipboardClearSeconds: 30 });
    const again = createBridgeHandlers({ shell: 'preview', appVersion: '0.0.0-test', dataDir: home, secrets: createMemorySecretStore(), sandbox: launcher.launch });
    expect(value(await again.getSettings({}))).toEqual(saved);
    const file = await readFile(path.join(home, 'settings.json'), 'utf8');
    expect(file).not.toMatch(/eyJ/);
  });

  it('refuses an unknown field or a bad value, naming the field only', async () => {
    const answer = await handlers.saveSettings({ accessToken: 'secret-value' });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain('secret-value');
    expect((await handlers.saveSettings({ globalShortcut: 'K' })).ok).toBe(false);
  });
});

describe('desktopStatus', () => {
  it('in the preview says what the browser cannot do', async () => {
    expect(value(await handlers.desktopStatus({}))).toEqual(PREVIEW_STATUS);
  });
});
