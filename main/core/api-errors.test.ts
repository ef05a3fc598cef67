import { describe, expect, it } from 'vitest';
import { KNOWN_API_ERRORS, toApiError } from './api-errors';
import { ApiError } from './errors';

describe('toApiError', () => {
  it('knows every code PRODUCT.md lists', () => {
    expect(Object.keys(KNOWN_API_ERRORS).sort()).toEqual(
      ['98001001', '98001004', '13002013', '106001', '36009004', '105002', '36009002', '36009003'].sort(),
    );
  });

  it.each(Object.entries(KNOWN_API_ERRORS))('explains %s and keeps message and request_id', (code, help) => {
    const error = toApiError({ code, message: 'from the server', requestId: 'RID-1' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'api', code, message: 'from the server', requestId: 'RID-1' });
    expect(error.explanation).toBe(help.explanation);
    expect(error.resolution).toBe(help.resolution);
  });

  it.each([
    ['Invalid credentials: app_key not found', /^TikTok Shop does not accept the app key/],
    ['invalid credentials (app key)', /^TikTok Shop does not accept the app key/],
    ['Invalid credentials: timestamp expired', /^TikTok Shop rejected the timestamp/],
    ['Invalid credentials: access_token invalid', /^TikTok Shop does not accept the access token/],
    ['Invalid credentials: x-tts-access-token is wrong', /^TikTok Shop does not accept the access token/],
    ['Invalid credentials', /^TikTok Shop rejected the credentials: the app key, the timestamp or the access token/],
  ])('for 36009004 "%s" explains the culprit', (message, explanation) => {
    const error = toApiError({ code: '36009004', message, requestId: 'R' });
    expect(error.explanation).toMatch(explanation);
    expect(error.message).toBe(message);
  });

  it('shows an unknown code with the server message verbatim and a generic resolution', () => {
    const error = toApiError({ code: '12345678', message: '  Odd: thing happened\n(see docs) ', requestId: 'RID-U' });
    expect(error.message).toBe('  Odd: thing happened\n(see docs) ');
    expect(error.explanation).toContain('12345678');
    expect(error.resolution).toMatch(/request_id/);
    expect(error.requestId).toBe('RID-U');
  });

  it('still says something when the server sent no message', () => {
    expect(toApiError({ code: '555', message: '', requestId: '' }).message).toContain('555');
  });

  it('appends a clock-skew warning to the resolution', () => {
    const error = toApiError({ code: '36009004', message: 'invalid timestamp', requestId: 'R', clockSkewWarning: 'Your clock is 2 min ahead.' });
    expect(error.resolution).toMatch(/Your clock is 2 min ahead\.$/);
  });
});
