import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SANDBOX_JWT_SIGNING_KEY } from './demo-credentials';
import { issueSandboxJwt, sandboxJwtPayloadText } from './sandbox-jwt';

/** The claims of the token in get-widget-token-api.md's field table. */
const documentedSample = {
  userId: 7493990753256900486n,
  clientKey: '6amm4vuh5fo1g',
  shopIds: [7493990753256900486n],
  expiresAt: 1701066020,
  sellerType: 2,
};
const SAMPLE_HEADER = 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9';
const SAMPLE_PAYLOAD =
  'eyJVc2VySUQiOjc0OTM5OTA3NTMyNTY5MDA0ODYsIkNsaWVudEtleSI6IjZhbW00dnVoNWZvMWciLCJTaG9wSURzIjpbNzQ5Mzk5MDc1MzI1NjkwMDQ4Nl0sIkV4cGlyZSI6MTcwMTA2NjAyMCwiU2VsbGVyVHlwZSI6MiwiZXhwIjoxNzAxMDY2MDIwfQ';

describe('issueSandboxJwt', () => {
  it("reproduces the documented sample's header and payload byte for byte", () => {
    const [header, payload] = issueSandboxJwt(documentedSample).split('.');
    expect(header).toBe(SAMPLE_HEADER);
    expect(payload).toBe(SAMPLE_PAYLOAD);
  });

  it('writes the 19-digit IDs with every digit', () => {
    const text = sandboxJwtPayloadText({ ...documentedSample, shopIds: [7494001122334455667n, 1n] });
    expect(text).toContain('"UserID":7493990753256900486,');
    expect(text).toContain('"ShopIDs":[7494001122334455667,1]');
    expect(text).not.toContain('7493990753256901000');
  });

  it('signs with HMAC-SHA512 over header.payload, base64url without padding', () => {
    const token = issueSandboxJwt(documentedSample);
    const [header, payload, signature] = token.split('.');
    const expected = createHmac('sha512', SANDBOX_JWT_SIGNING_KEY).update(`${header}.${payload}`).digest('base64url');
    expect(signature).toBe(expected);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]{86}$/);
    expect(issueSandboxJwt(documentedSample, 'another key').split('.')[2]).not.toBe(signature);
  });

  it('refuses a time that would make the payload invalid JSON', () => {
    expect(() => sandboxJwtPayloadText({ ...documentedSample, expiresAt: Number.NaN })).toThrow(RangeError);
    expect(() => sandboxJwtPayloadText({ ...documentedSample, expiresAt: 1.5 })).toThrow(RangeError);
  });
});
