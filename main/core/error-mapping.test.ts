import { describe, expect, it } from 'vitest';
import { errorParagraph } from './error-mapping';

describe('errorParagraph', () => {
  it('ends a server message that has no full stop, so it does not run into the explanation', () => {
    const text = errorParagraph({
      kind: 'api',
      code: '105002',
      message: 'Expired credentials',
      explanation: 'The access token has expired',
      resolution: 'Refresh it.',
      requestId: 'REQ-1',
    });
    expect(text).toBe('Error 105002: Expired credentials. The access token has expired. Refresh it. request_id: REQ-1');
  });

  it('leaves a bracketed label after a full sentence alone', () => {
    const text = errorParagraph({ kind: 'api', code: '106001', message: 'Invalid sign. (offline sandbox)', explanation: 'The signature did not match.', resolution: '' });
    expect(text).toBe('Error 106001: Invalid sign. (offline sandbox) The signature did not match.');
  });

  it('leaves sentences that already end alone', () => {
    const text = errorParagraph({ kind: 'validation', message: 'Unknown command "gte"; did you mean `get`?', explanation: '', resolution: 'The commands are get and decode.' });
    expect(text).toBe('Error: Unknown command "gte"; did you mean `get`? The commands are get and decode.');
  });
});
