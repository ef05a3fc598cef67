import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseBaseUrl } from './base-url';
import { ValidationError } from './errors';

describe('parseBaseUrl', () => {
  it.each([
    ['https://open-api.tiktokglobalshop.com', 'https://open-api.tiktokglobalshop.com/'],
    ['https://open-api.tiktokglobalshop.com/', 'https://open-api.tiktokglobalshop.com/'],
    ['  https://open-api.tiktokglobalshop.com  ', 'https://open-api.tiktokglobalshop.com/'],
    ['https://proxy.example.com:8443/tiktok/', 'https://proxy.example.com:8443/tiktok'],
    ['https://proxy.example.com/a/b//', 'https://proxy.example.com/a/b'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
    ['http://127.45.0.9/', 'http://127.45.0.9/'],
    ['http://localhost:3000/prefix', 'http://localhost:3000/prefix'],
    ['http://LOCALHOST:3000', 'http://localhost:3000/'],
    ['http://[::1]:9000', 'http://[::1]:9000/'],
  ])('accepts %j', (input, href) => {
    expect(parseBaseUrl(input).href).toBe(href);
  });

  it.each([
    ['', /empty/],
    ['open-api.tiktokglobalshop.com', /no scheme/],
    ['localhost:8080', /no scheme/],
    ['https://exa mple.com', /not a valid URL/],
    ['http://open-api.tiktokglobalshop.com', /plain http on a remote host/],
    ['http://192.168.1.10:8080', /plain http on a remote host/],
    ['http://10.0.0.1', /plain http on a remote host/],
    ['http://app.localhost', /plain http on a remote host/],
    ['http://127.0.0.1.nip.io', /plain http on a remote host/],
    ['ftp://example.com', /unsupported scheme "ftp:"/],
    ['file:///etc/passwd', /unsupported scheme "file:"/],
    ['https://example.com/?x=1', /query or fragment/],
    ['https://example.com/?', /query or fragment/],
    ['https://example.com/#top', /query or fragment/],
    ['https://example.com/path?app_key=k', /query or fragment/],
  ])('rejects %j with a readable reason', (input, reason) => {
    let error: unknown;
    try {
      parseBaseUrl(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.kind).toBe('validation');
    expect(v.message).toMatch(reason);
    expect(v.explanation.length).toBeGreaterThan(10);
    expect(v.resolution.length).toBeGreaterThan(10);
  });

  it('rejects credentials in the URL without repeating them', () => {
    for (const input of ['https://user:hunter2-secret@example.com', 'http://admin:hunter2-secret@127.0.0.1:8080/']) {
      let error: ValidationError | undefined;
      try {
        parseBaseUrl(input);
      } catch (e) {
        error = e as ValidationError;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error?.message).toMatch(/user name or password/);
      expect(`${error?.message} ${error?.explanation} ${error?.resolution}`).not.toContain('hunter2');
    }
  });

  it('suggests the https form of a remote http URL', () => {
    try {
      parseBaseUrl('http://proxy.example.com/tiktok');
    } catch (e) {
      expect((e as ValidationError).resolution).toContain('https://proxy.example.com/tiktok');
    }
    expect.assertions(1);
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.255.255.254', '[::1]', '::1', '[::ffff:7f00:1]', '127.0.0.1:8080', '[::1]:443', 'localhost:3000'])(
    '%s is this machine',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['example.com', '128.0.0.1', '127.0.0.256', '127.0.0', '0.0.0.0', '[::2]', '[::ffff:a00:1]', 'app.localhost', '127.0.0.1.nip.io', 'localhost.example.com', ''])(
    '%j is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});
