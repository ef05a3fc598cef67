/** The desktop shell's decisions, tested without Electron: the tray, the shortcut, the clipboard, the notices, the fresh token. */
import { describe, expect, it } from 'vitest';
import { SANDBOX_SUMMARY, type ProfilesState, type TokenResult } from '../../../preload/contract';
import { CallHistory, callCode } from '../call-history';
import { ApiError } from '../errors';
import { ClipboardGuard, type SystemClipboard, type Timers } from './clipboard-guard';
import { FreshTokens } from './fresh-token';
import { authorizationEndingNotice, LifecycleNotices, refreshFailedNotice, tokenCopiedNotice } from './notices';
import { ShortcutControl, type ShortcutRegistry } from './shortcut-control';
import { trayItems, trayTitle } from './tray-model';

function manualTimers(): Timers & { fire(): void; pending(): number } {
  const queue = new Map<number, () => void>();
  let next = 1;
  return {
    set: (run) => {
      queue.set(next, run);
      return next++;
    },
    cancel: (handle) => queue.delete(handle as number),
    fire: () => {
      const runs = [...queue.values()];
      queue.clear();
      runs.forEach((run) => run());
    },
    pending: () => queue.size,
  };
}

function memoryClipboard(): SystemClipboard & { text: string; secretWrites: number } {
  const board = {
    text: '',
    secretWrites: 0,
    writeSecret: async (text: string) => {
      board.text = text;
      board.secretWrites += 1;
    },
    readText: async () => board.text,
    clear: async () => {
      board.text = '';
    },
  };
  return board;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the clipboard guard', () => {
  it('clears a copied token after the delay when the clipboard still holds it', async () => {
    const board = memoryClipboard();
    const timers = manualTimers();
    const guard = new ClipboardGuard(board, async () => 90, timers);
    await guard.copy('token-1');
    expect(board.text).toBe('token-1');
    expect(board.secretWrites).toBe(1);
    timers.fire();
    await settle();
    expect(board.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const board = memoryClipboard();
    const timers = manualTimers();
    const guard = new ClipboardGuard(board, async () => 90, timers);
    await guard.copy('token-1');
    board.text = 'the user’s own text';
    timers.fire();
    await settle();
    expect(board.text).toBe('the user’s own text');
  });

  it('never clears with a delay of 0, and only the newest copy has a timer', async () => {
    const board = memoryClipboard();
    const timers = manualTimers();
    let seconds = 0;
    const guard = new ClipboardGuard(board, async () => seconds, timers);
    await guard.copy('token-1');
    expect(timers.pending()).toBe(0);
    seconds = 30;
    await guard.copy('token-2');
    await guard.copy('token-3');
    expect(timers.pending()).toBe(1);
    timers.fire();
    await settle();
    expect(board.text).toBe('');
  });
});

describe('the tray menu', () => {
  const state: ProfilesState = {
    profiles: [SANDBOX_SUMMARY, { ...SANDBOX_SUMMARY, name: 'shop-eu & co', builtIn: false, baseUrl: 'https://open-api.tiktokglobalshop.com' }],
    active: 'shop-eu & co',
    keychain: { available: true },
  };

  it('lists the profiles with the active one marked, then the actions', () => {
    const items = trayItems(state);
    expect(items.map((item) => (item.type === 'separator' ? '---' : `${item.label}${item.type === 'profile' && item.checked ? ' *' : ''}`))).toEqual([
      'sandbox (offline sandbox)',
      'shop-eu && co *',
      '---',
      'Copy fresh token',
      'Show window',
      '---',
      'Quit',
    ]);
    expect(items[1]).toMatchObject({ action: { kind: 'select-profile', name: 'shop-eu & co' } });
  });

  it('still offers the actions when the profiles cannot be read', () => {
    expect(trayItems(null).map((item) => ('label' in item ? item.label : '---'))).toEqual(['Profiles could not be read', '---', 'Copy fresh token', 'Show window', '---', 'Quit']);
  });

  it('titles the macOS menu bar with the countdown, and nothing once expired', () => {
    expect(trayTitle(252_000)).toBe('4:12');
    expect(trayTitle(0)).toBe('');
    expect(trayTitle(null)).toBe('');
  });
});

describe('the global shortcut', () => {
  function registry(taken: readonly string[]): ShortcutRegistry & { registered: Set<string> } {
    const registered = new Set<string>();
    return {
      registered,
      register: (accelerator) => {
        if (accelerator === 'Bogus') throw new Error('conversion failure');
        if (taken.includes(accelerator)) return false;
        registered.add(accelerator);
        return true;
      },
      unregister: (accelerator) => registered.delete(accelerator),
    };
  }

  it('registers, changes and turns off, releasing the old one each time', () => {
    const keys = registry([]);
    const control = new ShortcutControl(keys, () => undefined);
    expect(control.apply('CommandOrControl+Alt+Shift+T')).toEqual({ accelerator: 'CommandOrControl+Alt+Shift+T', registered: true, problem: null });
    control.apply('Alt+F5');
    expect([...keys.registered]).toEqual(['Alt+F5']);
    expect(control.apply(null)).toEqual({ accelerator: null, registered: false, problem: null });
    expect(keys.registered.size).toBe(0);
  });

  it('reports a shortcut another program holds, and one the system refuses', () => {
    const control = new ShortcutControl(registry(['Alt+F5']), () => undefined);
    expect(control.apply('Alt+F5')).toEqual({ accelerator: 'Alt+F5', registered: false, problem: 'Alt+F5 is taken by another program (or by the system). Choose another shortcut.' });
    expect(control.apply('Bogus').problem).toMatch(/not a shortcut this system accepts/);
  });
});

describe('notices', () => {
  const now = Date.UTC(2026, 11, 7);
  const day = 86_400_000;

  it('say which profile a shortcut copy came from and how long it lasts', () => {
    expect(tokenCopiedNotice('shop-eu', 299_500)).toEqual({ title: 'Widget token copied', body: 'Profile shop-eu: 5m left.' });
    expect(tokenCopiedNotice('a\nb', 61_000).body).toBe('Profile a b: 1m 1s left.');
  });

  it('warn of an authorization ending within 30 days, and stay quiet before', () => {
    expect(authorizationEndingNotice('shop-eu', now + 31 * day, now)).toBeNull();
    expect(authorizationEndingNotice('shop-eu', now + 12 * day, now)).toEqual({
      title: 'Shop authorization ending',
      body: "Profile shop-eu: the seller's authorization ends in 12d. Ask the seller to authorize the app again.",
    });
    expect(authorizationEndingNotice('shop-eu', now - 2 * day, now)?.title).toBe('Shop authorization ended');
  });

  it('say an access token could not be refreshed', () => {
    expect(refreshFailedNotice('shop-eu', 'The refresh token has expired.').body).toBe('Profile shop-eu: The refresh token has expired. Widget tokens fail once the access token expires.');
  });
});

describe('a fresh token', () => {
  function token(profile: string, expiresAtMs: number, requestId: string): TokenResult {
    return {
      profile, sandbox: false, baseUrl: 'https://x', appKey: 'key', token: `t-${requestId}`, expireAt: null, jwtExp: null, effectiveExpiryMs: expiresAtMs, expiryDisagreement: null,
      requestId, clockSkewMs: 0, clockSkewWarning: null, receivedAtMs: 0, curl: '', stringToSign: '',
    };
  }

  it('is the current token with a minute or more left, else a new one', async () => {
    let now = 1_000_000;
    const calls: string[] = [];
    const fresh = new FreshTokens(
      { getToken: async (name = 'shop', _timeout, options) => { calls.push(`${name}/${options?.source}`); return { result: token(name, now + 300_000, `r${calls.length}`), decoded: { ok: false, problem: 'x' } as never, refreshed: false }; } },
      async () => 'shop',
      { nowMs: () => now },
    );
    const first = await fresh.get('tray');
    expect(first).toMatchObject({ reused: false, msLeft: 300_000 });
    now += 239_000;
    expect(await fresh.get('shortcut')).toMatchObject({ reused: true, msLeft: 61_000, result: { requestId: 'r1' } });
    now += 2_000;
    expect(await fresh.get('shortcut')).toMatchObject({ reused: false, result: { requestId: 'r2' } });
    expect(calls).toEqual(['shop/tray', 'shop/shortcut']);
  });
});

describe('the call history', () => {
  it('keeps the newest calls up to its limit', () => {
    const history = new CallHistory(3);
    const add = (i: number) => history.add({ atMs: i, profile: 'p', code: '0', requestId: `r${i}`, expiresAtMs: null, durationMs: 1, source: 'window' });
    add(0);
    add(1);
    expect(history.list().map((entry) => entry.requestId)).toEqual(['r0', 'r1']);
    for (let i = 2; i < 8; i += 1) add(i);
    expect(history.list().map((entry) => entry.requestId)).toEqual(['r5', 'r6', 'r7']);
  });

  it('codes a call by the API code, else the kind of error', () => {
    expect(callCode(new ApiError({ code: '106001', message: 'm', explanation: 'e', resolution: 'r', requestId: 'rid' }))).toBe('106001');
    expect(callCode(new Error('x'))).toBe('internal');
  });
});

describe('lifecycle notices', () => {
  it('say each thing once per profile, and a failed refresh again only after a success', () => {
    const shown: string[] = [];
    const now = Date.UTC(2026, 11, 7);
    const notices = new LifecycleNotices({ notify: (notice) => shown.push(notice.title) }, () => now);
    notices.authorizationEnds('shop-eu', now + 40 * 86_400_000);
    notices.authorizationEnds('shop-eu', now + 5 * 86_400_000);
    notices.authorizationEnds('shop-eu', now + 4 * 86_400_000);
    notices.refreshFailed('shop-eu', 'The refresh token has expired.');
    notices.refreshFailed('shop-eu', 'The refresh token has expired.');
    notices.refreshSucceeded('shop-eu');
    notices.refreshFailed('shop-eu', 'The refresh token has expired.');
    expect(shown).toEqual(['Shop authorization ending', 'Access token not refreshed', 'Access token not refreshed']);
  });
});
