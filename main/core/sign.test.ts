import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalString, maskedStringToSign, sign } from './sign';

interface Vector {
  source: string;
  secret: string;
  path: string;
  query: Record<string, string>;
  body: string;
  stringToSign?: string;
  sign: string;
}

const vectors = (JSON.parse(readFileSync(new URL('../../test-data/sign-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;

describe('sign', () => {
  it.each(vectors.map((v) => [v.source, v] as const))('reproduces the public vector from %s', (_source, v) => {
    expect(sign({ path: v.path, query: v.query, body: v.body }, v.secret)).toBe(v.sign);
    if (v.stringToSign) {
      expect(`${v.secret}${canonicalString(v)}${v.secret}`).toBe(v.stringToSign);
    }
  });

  it('leaves sign and access_token out and sorts keys', () => {
    expect(canonicalString({ path: '/p', query: { b: '2', sign: 'x', a: '1', access_token: 'secret' } })).toBe('/pa1b2');
  });

  it('changes with every input', () => {
    const base = { path: '/authorization/202401/widget_token', query: { app_key: 'k', timestamp: '1' } };
    const s = sign(base, 'secret');
    expect(sign({ ...base, query: { app_key: 'k', timestamp: '2' } }, 'secret')).not.toBe(s);
    expect(sign(base, 'secret2')).not.toBe(s);
    expect(sign({ ...base, body: '{}' }, 'secret')).not.toBe(s);
  });

  it('never shows the secret in the debug string', () => {
    const shown = maskedStringToSign({ path: '/p', query: { app_key: 'k' } });
    expect(shown).toBe('«app secret»/papp_keyk«app secret»');
  });
});
