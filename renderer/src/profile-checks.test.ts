import { describe, expect, it } from 'vitest';
import { endpointPathWarning, profileProblems } from './profile-checks';

const good = { name: 'shop-eu prod', baseUrl: 'https://open-api.tiktokglobalshop.com', appKey: '6abc123', version: '' };

describe('profileProblems', () => {
  it('finds nothing wrong with a good profile, loopback http included', () => {
    expect(profileProblems(good)).toEqual({});
    expect(profileProblems({ ...good, baseUrl: 'http://127.0.0.1:8080', version: '202401' })).toEqual({});
  });

  it('reports every bad field at once', () => {
    const problems = profileProblems({ name: '', baseUrl: 'http://example.com', appKey: 'two words', version: '2024/01' });
    expect(Object.keys(problems)).toEqual(['name', 'baseUrl', 'appKey', 'version']);
    expect(problems.baseUrl).toMatch(/^Use https/);
  });

  it.each([
    ['sandbox', 'name'],
    ['ＳＡＮＤＢＯＸ', 'name'],
    ['-lead', 'name'],
  ])('refuses the name %s', (name, field) => {
    expect(Object.keys(profileProblems({ ...good, name }))).toEqual([field]);
  });

  it.each(['open-api.tiktokglobalshop.com', 'ftp://host', 'https://u:p@host', 'https://host/?a=1', 'https://exa mple.com'])('refuses the base URL %s', (baseUrl) => {
    expect(Object.keys(profileProblems({ ...good, baseUrl }))).toEqual(['baseUrl']);
  });
});

describe('endpointPathWarning', () => {
  it('warns when the base URL already holds the endpoint path', () => {
    expect(endpointPathWarning('https://open-api.tiktokglobalshop.com/authorization/202401/widget_token/')).toMatch(/already contains \/authorization\/202401\/widget_token/);
    expect(endpointPathWarning('https://open-api.tiktokglobalshop.com')).toBeNull();
    expect(endpointPathWarning('https://proxy.example/tiktok')).toBeNull();
  });
});
