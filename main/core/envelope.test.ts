import { describe, expect, it } from 'vitest';
import { NetworkError } from './errors';
import { parseEnvelope } from './envelope';

/** The token of the API document's sample, broken over lines exactly as the sample sends it. */
const SAMPLE_TOKEN_LINES = `eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.
        eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODYsIkNsaWVudEtleSI6IjZhbW00dnV
        oNWZvMWciLCJTaG9wSURzIjpbNzQ5Mzk5MDc1MzI1NjkwMDQ4Nl0sIkV4cGlyZSI6MTcwMTA2
        NjAyMCwiU2VsbGVyVHlwZSI6MiwiZXhwIjoxNzAxMDY2MDIwfQ.KS15mwJ8LUC2U6Chfbmwr7PO2mGK_
        3wLYYaa8TM6DixdKmbG3o4kRSlCfi1a6UotpXxU0CNelLwX1G5H3sY7vw`;
const SAMPLE_TOKEN =
  'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODYsIkNsaWVudEtleSI6IjZhbW00dnVoNWZvMWciLCJTaG9wSURzIjpbNzQ5Mzk5MDc1MzI1NjkwMDQ4Nl0sIkV4cGlyZSI6MTcwMTA2NjAyMCwiU2VsbGVyVHlwZSI6MiwiZXhwIjoxNzAxMDY2MDIwfQ.KS15mwJ8LUC2U6Chfbmwr7PO2mGK_3wLYYaa8TM6DixdKmbG3o4kRSlCfi1a6UotpXxU0CNelLwX1G5H3sY7vw';

const body = (value: unknown) => JSON.stringify(value);

function networkError(fn: () => unknown): NetworkError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkError);
    return error as NetworkError;
  }
  throw new Error('expected a NetworkError');
}

describe('parseEnvelope', () => {
  it('reads the documented sample: numeric code, array widget_token, token over several lines', () => {
    const sample = `{
      "code": 0,
      "data": { "widget_token": [ { "token": ${JSON.stringify(SAMPLE_TOKEN_LINES)}, "expire_at": 1701363599 } ] },
      "message": "Success",
      "request_id": "202203070749000101890810281E8C70B7"
    }`;
    expect(parseEnvelope(sample, 200)).toEqual({
      ok: true,
      code: '0',
      message: 'Success',
      requestId: '202203070749000101890810281E8C70B7',
      token: SAMPLE_TOKEN,
      expireAt: 1701363599,
    });
  });

  it('reads the field-table shape: string code, object widget_token, expire_at as a string', () => {
    const parsed = parseEnvelope(
      body({ code: '0', message: 'Success', request_id: 'r1', data: { widget_token: { token: 'a.b.c', expire_at: '1701363599' } } }),
      200,
    );
    expect(parsed).toMatchObject({ ok: true, token: 'a.b.c', expireAt: 1701363599, requestId: 'r1' });
  });

  it('treats a missing or zero expire_at as unknown', () => {
    expect(parseEnvelope(body({ code: 0, data: { widget_token: { token: 't' } } }), 200)).toMatchObject({ expireAt: null, requestId: '' });
    expect(parseEnvelope(body({ code: 0, data: { widget_token: { token: 't', expire_at: 0 } } }), 200)).toMatchObject({ expireAt: null });
  });

  it('returns a non-zero code with its message and request_id', () => {
    expect(parseEnvelope(body({ code: 106001, message: 'Invalid sign', request_id: 'rid-9', data: null }), 200)).toEqual({
      ok: false,
      code: '106001',
      message: 'Invalid sign',
      requestId: 'rid-9',
    });
    expect(parseEnvelope(body({ code: '36009004', message: 'x', request_id: 'r' }), 401)).toMatchObject({ ok: false, code: '36009004' });
  });

  it('says an HTML error page is not JSON, with the status and the page title', () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(5000)}</body></html>`;
    const error = networkError(() => parseEnvelope(page, 502));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('not JSON');
    expect(error.message).toContain('502');
    expect(error.explanation).toContain('"502 Bad Gateway"');
    expect(error.resolution).toMatch(/try again/i);
  });

  it('quotes at most about 200 characters of a body that is not JSON', () => {
    const error = networkError(() => parseEnvelope(`oops ${'y'.repeat(10_000)}`, 200));
    expect(error.explanation).toContain('oops');
    expect(error.explanation.length).toBeLessThan(320);
  });

  it('masks secrets in a quoted body, even one cut at the quoting limit', () => {
    const secret = 'ROW-access-token-0123456789';
    const echo = `${'z'.repeat(190)} x-tts-access-token: ${secret}`;
    const error = networkError(() => parseEnvelope(echo, 200, [secret]));
    expect(error.explanation).not.toContain(secret.slice(0, 6));
    const short = networkError(() => parseEnvelope(`echo ${secret}`, 200, [secret]));
    expect(short.explanation).toContain('****');
    expect(short.explanation).not.toContain(secret);
  });

  it('says an empty body is empty', () => {
    expect(networkError(() => parseEnvelope('', 200)).explanation).toContain('empty body');
  });

  it.each([
    ['JSON that is not an object', '[1,2]', 'the body must be a JSON object, not an array'],
    ['a code that is not a number', body({ code: true }), 'code must be a number or a numeric string, not a boolean'],
    ['a code that is a word', body({ code: 'ok' }), 'code must be a whole number'],
    ['a fractional code', body({ code: 1.5 }), 'code must be a whole number, not a fraction'],
    ['no code at all', body({ message: 'hi' }), 'code is missing'],
    ['a message that is not text', body({ code: 0, message: 5 }), 'message must be a string, not a number'],
  ])('names the field when the envelope has %s', (_case, text, fragment) => {
    const error = networkError(() => parseEnvelope(text, 200));
    expect(error.message).toContain('not the API');
    expect(error.explanation).toContain(fragment);
  });

  it.each([
    ['no data', { code: 0, request_id: 'r' }, 'data is missing'],
    ['no widget_token', { code: 0, data: {} }, 'data.widget_token is missing'],
    ['an empty widget_token array', { code: 0, data: { widget_token: [] } }, 'data.widget_token is missing'],
    ['no token', { code: 0, data: { widget_token: { expire_at: 1 } } }, 'data.widget_token.token is missing'],
    ['a blank token', { code: 0, data: { widget_token: { token: ' \n ' } } }, 'data.widget_token.token is empty'],
    ['a numeric token', { code: 0, data: { widget_token: { token: 7 } } }, 'data.widget_token.token must be a string, not a number'],
    ['a bad expire_at', { code: 0, data: { widget_token: { token: 't', expire_at: 'soon' } } }, 'data.widget_token.expire_at must be whole Unix seconds'],
    ['a boolean expire_at', { code: 0, data: { widget_token: { token: 't', expire_at: true } } }, 'data.widget_token.expire_at must be Unix seconds'],
    ['an expire_at past any usable time', { code: 0, data: { widget_token: { token: 't', expire_at: '99999999999999999999' } } }, 'data.widget_token.expire_at is not a usable number of seconds'],
    ['an expire_at number past 2^53', { code: 0, data: { widget_token: [{ token: 't', expire_at: 2 ** 60 }] } }, 'data.widget_token.expire_at must be whole Unix seconds'],
  ])('on code 0 with %s, says which field is wrong', (_case, value, fragment) => {
    const error = networkError(() => parseEnvelope(body(value), 200));
    expect(error.message).toContain('no usable widget token');
    expect(error.explanation).toContain(fragment);
  });

  it('keeps the request_id in the explanation when the token is missing', () => {
    expect(networkError(() => parseEnvelope(body({ code: 0, request_id: 'RID42' }), 200)).explanation).toContain('RID42');
  });
});
