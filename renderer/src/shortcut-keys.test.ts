import { describe, expect, it } from 'vitest';
import { modifierLabel, shortcutFor } from './shortcut-keys';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('gets a token on Ctrl+Enter and Cmd+Enter', () => {
    expect(shortcutFor(key('Enter', { ctrlKey: true }))).toBe('get-token');
    expect(shortcutFor(key('Enter', { metaKey: true }))).toBe('get-token');
  });

  it('copies on Ctrl+Shift+C and Cmd+Shift+C, whatever the case of the key', () => {
    expect(shortcutFor(key('C', { ctrlKey: true, shiftKey: true }))).toBe('copy-token');
    expect(shortcutFor(key('c', { metaKey: true, shiftKey: true }))).toBe('copy-token');
  });

  it('leaves plain keys, plain copy and other combinations to the page', () => {
    expect(shortcutFor(key('Enter'))).toBeNull();
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('Enter', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('Enter', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});

describe('modifierLabel', () => {
  it('writes Cmd as ⌘ on macOS and Ctrl elsewhere', () => {
    expect(modifierLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36')).toBe('⌘');
    expect(modifierLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36')).toBe('Ctrl');
    expect(modifierLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36')).toBe('Ctrl');
  });
});
