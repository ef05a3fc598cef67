import { describe, expect, it } from 'vitest';
import { metaContentSecurityPolicy, pageContentSecurityPolicy } from './page-security';

describe('the page security policy', () => {
  it('is the policy the page declares in its meta, with frame-ancestors added', () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
      </head></html>`;
    expect(metaContentSecurityPolicy(html)).toBe("default-src 'self'; script-src 'self'");
    expect(pageContentSecurityPolicy(html)).toBe("default-src 'self'; script-src 'self'; frame-ancestors 'none'");
  });

  it('reads the meta whatever its attribute order, quoting and entities', () => {
    const html = `<meta content='default-src &apos;self&apos;' HTTP-EQUIV=content-security-policy>`;
    expect(metaContentSecurityPolicy(html)).toBe("default-src 'self'");
  });

  it('keeps a frame-ancestors the page already sets', () => {
    const html = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; frame-ancestors 'self';">`;
    expect(pageContentSecurityPolicy(html)).toBe("default-src 'self'; frame-ancestors 'self'");
  });

  it('falls back to a strict same-origin policy when the page declares none', () => {
    const policy = pageContentSecurityPolicy('<html><head></head></html>');
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });
});
