import { describe, expect, it } from 'vitest';
import { KNOWN_API_ERRORS, SANDBOX_REFUSAL_LABEL, toApiError } from './api-errors';
import { ApiError } from './errors';

describe('toApiError', () => {
  it('knows every code PRODUCT.md lists', () => {
    expect(Object.keys(KNOWN_API_ERRORS).sort()).toEqual(
      ['98001001', '98001004', '13002013', '106001', '36009004', '105002', '36009002', '36009003', '36004001', '36004005', '36004004'].sort(),
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

  describe('for a refusal the offline sandbox labels as its own', () => {
    // Messages as the sandbox sends them (main/sandbox/sandbox-server.ts).
    const refusals: readonly [code: string, message: string, explanation: RegExp][] = [
      ['106001', 'Invalid sign. Expected lowercase hex HMAC-SHA256, keyed with the app secret, of «app secret»/authorization/202401/widget_tokenapp_key6sandbox0demotimestamp1700000000«app secret».', /^The signature \(sign\) did not match what the offline sandbox computed/],
      ['36009004', 'Invalid credentials. Invalid `app_key` query parameter: the sandbox accepts only its demo app key 6sandbox0demo.', /^The offline sandbox does not accept the app key/],
      ['36009004', 'Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes before the current time.', /^The offline sandbox rejected the timestamp/],
      ['36009004', 'Invalid credentials. The `x-tts-access-token` header is invalid: it is not the sandbox demo access token.', /^The offline sandbox does not accept the access token/],
      ['98001001', 'internal error', /^The offline sandbox had an internal error/],
      ['36009009', 'Path not found. The sandbox serves GET /authorization/202401/widget_token only.', /^The offline sandbox answered with code 36009009/],
    ];

    it.each(refusals)('explains %s as checked by the sandbox, never by TikTok Shop: %s', (code, text, explanation) => {
      const message = `${text} ${SANDBOX_REFUSAL_LABEL}`;
      const error = toApiError({ code, message, requestId: 'SANDBOX-RID' });
      expect(error).toMatchObject({ code, message, requestId: 'SANDBOX-RID' });
      expect(error.explanation).toMatch(explanation);
      expect(`${error.explanation} ${error.resolution}`).not.toMatch(/TikTok Shop (computed|rejected|does not|had|partner support)|Partner Center/);
    });

    it('points a wrong app secret at the demo one the sandbox accepts', () => {
      const error = toApiError({ code: '106001', message: `Invalid sign. ${SANDBOX_REFUSAL_LABEL}`, requestId: 'R' });
      expect(error.resolution).toMatch(/^Re-enter the app secret: the offline sandbox accepts only its public demo app secret \(`widget-token sandbox` prints/);
    });

    it('still appends a clock-skew warning', () => {
      const error = toApiError({ code: '36009004', message: `Invalid timestamp. ${SANDBOX_REFUSAL_LABEL}`, requestId: 'R', clockSkewWarning: 'Your clock is 6 min behind.' });
      expect(error.resolution).toMatch(/Your clock is 6 min behind\.$/);
    });
  });
});
