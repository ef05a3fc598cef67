/**
 * electron-builder.yml as electron-builder itself would judge it (its own JSON schema),
 * plus the settings that matter for security and for the keychain.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { PRODUCT_NAME } from '../../main/core/data-dir';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file));

interface BuilderConfig {
  readonly appId: string;
  readonly productName: string;
  readonly files: readonly string[];
  readonly asarUnpack: readonly string[];
  readonly electronFuses: Readonly<Record<string, boolean>>;
  readonly linux: { readonly target: readonly string[]; readonly category: string; readonly icon: string };
  readonly deb: { readonly depends: readonly string[] };
  readonly mac: {
    readonly target: string;
    readonly category: string;
    readonly hardenedRuntime: boolean;
    readonly entitlements: string;
    readonly entitlementsInherit: string;
    readonly icon: string;
  };
  readonly win: { readonly target: string; readonly icon: string };
}

const config = load(read('electron-builder.yml').toString('utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema: unknown = JSON.parse(read('node_modules/app-builder-lib/scheme.json').toString('utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the product as the data folder does, so the app and the CLI share profiles', () => {
    expect(config.appId).toBe('com.widgettokendesk.app');
    expect(config.productName).toBe(PRODUCT_NAME);
  });

  it('ships the build output and unpacks the keychain addon', () => {
    expect(config.files).toEqual(['out/**', 'package.json', 'build/icon.png']);
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**/*.node');
  });

  it('flips the fuses that close Electron’s back doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds an AppImage and a deb that pulls in libsecret', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Development');
    expect(config.deb.depends).toContain('libsecret-1-0');
  });

  it('signs the Mac app with the hardened runtime and the JIT entitlement', () => {
    expect(config.mac).toMatchObject({ target: 'dmg', category: 'public.app-category.developer-tools', hardenedRuntime: true });
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = read(file).toString('utf8');
      expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
      expect(plist).not.toMatch(/disable-library-validation|allow-dyld-environment-variables/);
    }
    expect(config.win.target).toBe('nsis');
  });

  it('has a 512×512 PNG icon for every platform', () => {
    for (const file of new Set([config.linux.icon, config.mac.icon, config.win.icon])) {
      const png = read(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    }
  });
});
