import { describe, expect, it } from 'vitest';
import { authorizeOrigin, buildAuthorizationLink, checkReplyState, isOpenableAuthorizationLink, newAuthState, parseAuthorizationReply } from './authorization-link';
import { ValidationError } from './errors';

describe('the authorization link', () => {
  it('goes to the region\'s TikTok host, or to a loopback auth server\'s own page', () => {
    expect(buildAuthorizationLink(authorizeOrigin(undefined, undefined), '7123', 'st')).toBe('https://services.tiktokshop.com/open/authorize?service_id=7123&state=st');
    expect(buildAuthorizationLink(authorizeOrigin('us', 'https://auth.tiktok-shops.com'), '7123', 'st')).toBe('https://services.tiktokshops.us/open/authorize?service_id=7123&state=st');
    expect(authorizeOrigin('global', 'http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
  });

  it('carries a fresh random state each time', () => {
    const states = new Set(Array.from({ length: 50 }, () => newAuthState()));
    expect(states.size).toBe(50);
    for (const state of states) expect(state).toMatch(/^[\w-]{22}$/);
  });

  it('is opened in the system browser only for the two authorize hosts and loopback', () => {
    expect(isOpenableAuthorizationLink('https://services.tiktokshop.com/open/authorize?service_id=1&state=x')).toBe(true);
    expect(isOpenableAuthorizationLink('https://services.tiktokshops.us/open/authorize?service_id=1&state=x')).toBe(true);
    expect(isOpenableAuthorizationLink('http://127.0.0.1:5000/open/authorize?service_id=1')).toBe(true);
    for (const url of ['https://evil.example/open/authorize', 'http://services.tiktokshop.com/open/authorize', 'https://services.tiktokshop.com/other', 'file:///etc/passwd', 'javascript:alert(1)', 'https://a@services.tiktokshop.com/open/authorize']) {
      expect(isOpenableAuthorizationLink(url), url).toBe(false);
    }
  });
});

describe('what the user pastes back', () => {
  it('reads the code and state of a redirect URL, and a bare code without a state', () => {
    expect(parseAuthorizationReply(' https://my.app/cb?code=ROW_abc&state=s1 \n')).toEqual({ code: 'ROW_abc', state: 's1' });
    expect(parseAuthorizationReply('my.app/cb?code=ROW_abc')).toEqual({ code: 'ROW_abc', state: null });
    expect(parseAuthorizationReply('ROW_abc\n')).toEqual({ code: 'ROW_abc', state: null });
  });

  it('says when the seller refused, and never quotes what was pasted', () => {
    expect(() => parseAuthorizationReply('https://my.app/cb?error=access_denied&state=s')).toThrow(/did not authorize/);
    for (const bad of ['', 'two words', 'https://my.app/cb?state=s', 'https://my.app/cb?code=']) {
      const error = (() => {
        try {
          parseAuthorizationReply(bad);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      if (bad.length > 0) expect(String((error as Error).message)).not.toContain(bad);
    }
  });

  it('accepts only the remembered state; a bare code skips the check', () => {
    expect(() => checkReplyState({ code: 'c', state: 'mine' }, 'mine')).not.toThrow();
    expect(() => checkReplyState({ code: 'c', state: null }, undefined)).not.toThrow();
    expect(() => checkReplyState({ code: 'c', state: 'theirs' }, 'mine')).toThrow(/does not belong/);
    expect(() => checkReplyState({ code: 'c', state: 'any' }, undefined)).toThrow(expect.objectContaining({ explanation: expect.stringMatching(/no pending authorization link/) }));
  });
});
