import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../preload/contract';
import { historyAsText } from './history-text';

const ok: HistoryEntry = { atMs: Date.UTC(2026, 11, 7, 9, 30, 5, 120), profile: 'shop-eu', code: '0', requestId: '2026120709300512', expiresAtMs: Date.UTC(2026, 11, 7, 9, 35, 5), durationMs: 84.4, source: 'window' };

describe('historyAsText', () => {
  it('writes one line per call, in UTC, for a support ticket', () => {
    expect(historyAsText([ok, { ...ok, code: '106001', expiresAtMs: null, requestId: 'r2', source: 'shortcut', durationMs: 12 }])).toBe(
      [
        'Widget Token Desk: 2 token calls in this session (oldest first)',
        '2026-12-07T09:30:05Z profile=shop-eu code=0 request_id=2026120709300512 expires=2026-12-07T09:35:05Z duration=84ms via=window',
        '2026-12-07T09:30:05Z profile=shop-eu code=106001 request_id=r2 expires=- duration=12ms via=shortcut',
      ].join('\n'),
    );
  });

  it('keeps a hostile request_id on its own line', () => {
    const text = historyAsText([{ ...ok, requestId: 'abc\ncode=0 forged' }]);
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('request_id=abc\\u000acode=0 forged');
  });

  it('says so when there were no calls', () => {
    expect(historyAsText([])).toBe('Widget Token Desk: no token calls in this session.');
  });
});
