import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from './data-dir';

describe('dataDir', () => {
  it.each([
    ['Linux, no XDG_CONFIG_HOME', {}, 'linux', '/home/ada', '/home/ada/.config/Widget Token Desk'],
    ['Linux, XDG_CONFIG_HOME set', { XDG_CONFIG_HOME: '/srv/cfg' }, 'linux', '/home/ada', '/srv/cfg/Widget Token Desk'],
    ['Linux, XDG_CONFIG_HOME empty', { XDG_CONFIG_HOME: '' }, 'linux', '/home/ada', '/home/ada/.config/Widget Token Desk'],
    ['FreeBSD follows the XDG rule', {}, 'freebsd', '/home/ada', '/home/ada/.config/Widget Token Desk'],
    ['macOS', { XDG_CONFIG_HOME: '/ignored' }, 'darwin', '/Users/ada', '/Users/ada/Library/Application Support/Widget Token Desk'],
    ['Windows, APPDATA set', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada', 'C:\\Users\\ada\\AppData\\Roaming\\Widget Token Desk'],
    ['Windows, APPDATA missing', {}, 'win32', 'C:\\Users\\ada', 'C:\\Users\\ada\\AppData\\Roaming\\Widget Token Desk'],
  ] as const)('%s', (_case, env, platform, home, expected) => {
    expect(dataDir(env, platform, home)).toBe(expected);
  });

  it.each(['linux', 'darwin', 'win32'] as const)('WIDGET_TOKEN_HOME wins on %s', (platform) => {
    const env = { WIDGET_TOKEN_HOME: '/tmp/wtd-home', XDG_CONFIG_HOME: '/srv/cfg', APPDATA: 'C:\\AppData' };
    expect(dataDir(env, platform, '/home/ada')).toBe(path.resolve('/tmp/wtd-home'));
  });

  it('makes a relative WIDGET_TOKEN_HOME absolute, so a later chdir does not move the profiles', () => {
    expect(dataDir({ WIDGET_TOKEN_HOME: 'profiles-here' }, 'linux', '/home/ada')).toBe(path.resolve('profiles-here'));
  });

  it('defaults to this process', () => {
    const expected = process.env.WIDGET_TOKEN_HOME ? path.resolve(process.env.WIDGET_TOKEN_HOME) : undefined;
    const actual = dataDir();
    expect(path.isAbsolute(actual)).toBe(true);
    if (expected) expect(actual).toBe(expected);
    else expect(actual.endsWith('Widget Token Desk')).toBe(true);
  });
});
