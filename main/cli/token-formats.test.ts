import { describe, expect, it } from 'vitest';
import type { TokenResult } from '../../preload/contract';
import { UsageError } from './args';
import { COMMAND_SPECS } from './command-specs';
import { parseTokenFormat, tokenText } from './token-formats';

const spec = COMMAND_SPECS.get;

function result(token: string, expireAt: number | null, jwtExp: number | null): TokenResult {
  return {
    profile: 'p',
    sandbox: false,
    baseUrl: 'https://open-api.tiktokglobalshop.com',
    token,
    expireAt,
    jwtExp,
    effectiveExpiryMs: null,
    expiryDisagreement: null,
    requestId: 'r',
    clockSkewMs: 0,
    clockSkewWarning: null,
    receivedAtMs: 0,
    curl: '',
    stringToSign: '',
    appKey: 'k',
  };
}

describe('get --format', () => {
  it('takes --json as --format json and refuses the two disagreeing', () => {
    expect(parseTokenFormat(undefined, false, spec)).toBe('token');
    expect(parseTokenFormat(undefined, true, spec)).toBe('json');
    expect(parseTokenFormat('json', true, spec)).toBe('json');
    expect(() => parseTokenFormat('env', true, spec)).toThrow(UsageError);
    expect(() => parseTokenFormat('JSON', false, spec)).toThrow(UsageError);
  });

  it('gives widget-kit and env the earlier of expire_at and exp (the API doc sample: exp)', () => {
    const sample = result('a.b.c', 1701363599, 1701066020);
    expect(tokenText('widget-kit', sample)).toBe('{"token":"a.b.c","expire_at":"1701066020"}\n');
    expect(tokenText('env', sample)).toBe('WIDGET_TOKEN=a.b.c\nWIDGET_TOKEN_EXPIRE_AT=1701066020\n');
    expect(tokenText('env', result('a.b.c', 1701363599, null))).toBe('WIDGET_TOKEN=a.b.c\nWIDGET_TOKEN_EXPIRE_AT=1701363599\n');
  });

  it('quotes an env value a shell would split or run, and leaves a JWT as it is', () => {
    expect(tokenText('env', result("x y;$(rm -rf ~)'", 1, null))).toBe(`WIDGET_TOKEN='x y;$(rm -rf ~)'\\'''\nWIDGET_TOKEN_EXPIRE_AT=1\n`);
  });

  it('refuses the widget-kit shape for a token with no expiry rather than inventing one', () => {
    expect(() => tokenText('widget-kit', result('a.b.c', null, null))).toThrow(/needs an expiry/);
  });
});
