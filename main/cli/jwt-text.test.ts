import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../../common/jwt';
import { formatLocal } from '../../common/time-format';
import { decodedJwtText } from './jwt-text';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const token = (payload: string): string => `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(payload)}.c2ln`;

function text(payload: string, nowMs: number): string {
  const decoded = decodeJwt(token(payload));
  if (!decoded.ok) throw new Error(decoded.problem);
  return decodedJwtText(decoded, nowMs, 'Asia/Shanghai');
}

describe('a decoded JWT as terminal text', () => {
  it('aligns the names and annotates exp as local time, UTC and how long ago it expired', () => {
    expect(formatLocal(1701066020_000, 'Asia/Shanghai')).toMatch(/^2023-11-27 14:20:20 .*Asia\/Shanghai/);
    const now = Date.UTC(2024, 10, 22, 6, 20, 20);
    expect(text('{"UserID":7493990753256900486,"exp":1701066020}', now)).toBe(
      [
        'Header',
        '  alg  "HS256"',
        '  typ  "JWT"',
        'Claims',
        '  UserID  7493990753256900486',
        `  exp     1701066020  ${formatLocal(1701066020_000, 'Asia/Shanghai')}  2023-11-27 06:20:20 UTC  (expired 361d ago)`,
        "Signature  not verified (decoding needs no key; checking the signature needs the issuer's)",
        '',
      ].join('\n'),
    );
  });

  it('reads a future exp as "in ...", and other times (iat) without the word expired', () => {
    const now = 1701066020_000;
    const out = text('{"iat":1701065720,"exp":1701066272}', now);
    expect(out).toMatch(/ {2}iat {2}1701065720 .* \(5m ago\)$/m);
    expect(out).toMatch(/ {2}exp {2}1701066272 .* \(in 4m 12s\)$/m);
  });

  it('leaves values that are not seconds unannotated: a millisecond exp would read as year 55000', () => {
    const out = text('{"exp":1701066020000}', 0);
    expect(out).toContain('  exp  1701066020000\n');
  });

  it('says so when the payload has no claims', () => {
    expect(text('{}', 0)).toContain('Claims\n  (none)\n');
  });
});
