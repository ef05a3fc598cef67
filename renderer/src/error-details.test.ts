import { describe, expect, it } from 'vitest';
import { errorDetailsText } from './error-details';

describe('errorDetailsText', () => {
  it('gives code, message, request_id, profile and time, one per line', () => {
    const text = errorDetailsText(
      { kind: 'api', code: '106001', message: 'Invalid sign.', explanation: 'The signature did not match.', resolution: 'Re-enter the app secret.', requestId: 'REQ-9' },
      Date.UTC(2026, 11, 7, 14, 2, 11),
      'shop-eu',
    );
    expect(text).toBe(
      [
        'Widget Token Desk: Invalid sign.',
        'code: 106001',
        'kind: api',
        'request_id: REQ-9',
        'profile: shop-eu',
        'time: 2026-12-07 14:02:11 UTC',
        'explanation: The signature did not match.',
        'resolution: Re-enter the app secret.',
        '',
      ].join('\n'),
    );
  });

  it('leaves out what the error does not have', () => {
    const text = errorDetailsText({ kind: 'network', message: 'Connection refused.', explanation: 'x', resolution: 'y' }, null, null);
    expect(text).not.toMatch(/code:|request_id:|profile:|time:/);
  });
});
