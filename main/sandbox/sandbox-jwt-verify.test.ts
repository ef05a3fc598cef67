import { describe, expect, it } from 'vitest';
import { SANDBOX_APP_KEY, SANDBOX_SHOP_ID, SANDBOX_USER_ID } from './demo-credentials';
import { issueSandboxJwt } from './sandbox-jwt';
import { verifySandboxJwt } from './sandbox-jwt-verify';

const claims = { userId: SANDBOX_USER_ID, clientKey: SANDBOX_APP_KEY, shopIds: [SANDBOX_SHOP_ID], expiresAt: 1_800_000_000, sellerType: 2 };

describe('verifySandboxJwt', () => {
  it("recognises the sandbox's own token, also wrapped over lines, with Bearer or in quotes", () => {
    const token = issueSandboxJwt(claims);
    expect(verifySandboxJwt(token)).toBe('valid');
    expect(verifySandboxJwt(`Bearer ${token.slice(0, 50)}\n  ${token.slice(50)}`)).toBe('valid');
    expect(verifySandboxJwt(`"${token}"`)).toBe('valid');
  });

  it('calls a sandbox-looking token with a changed payload or another key invalid', () => {
    const token = issueSandboxJwt(claims);
    const [header, , signature] = token.split('.');
    const otherPayload = issueSandboxJwt({ ...claims, expiresAt: 1_900_000_000 }).split('.')[1];
    expect(verifySandboxJwt(`${header}.${otherPayload}.${signature}`)).toBe('invalid');
    expect(verifySandboxJwt(issueSandboxJwt(claims, 'some-other-key'))).toBe('invalid');
  });

  it('says not-sandbox for a token of another app and for text that is no JWT', () => {
    expect(verifySandboxJwt(issueSandboxJwt({ ...claims, clientKey: '6amm4vuh5fo1g' }, 'tiktok-key'))).toBe('not-sandbox');
    expect(verifySandboxJwt('not.a.jwt')).toBe('not-sandbox');
    expect(verifySandboxJwt('')).toBe('not-sandbox');
  });
});
