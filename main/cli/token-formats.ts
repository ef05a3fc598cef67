/**
 * The shapes `get --format` prints besides JSON (which get.ts builds with the claims), and
 * the environment `exec` gives its command: the same token and expiry in each.
 */
import { earlierExpiry, widgetKitAuthInfo } from '../../common/widget-kit';
import type { TokenResult } from '../../preload/contract';
import { ValidationError } from '../core/errors';
import { UsageError } from './args';
import type { CommandSpec } from './command-specs';

export const TOKEN_FORMATS = ['token', 'json', 'widget-kit', 'env'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** `--format F`, with `--json` as its short form; both at once only when they agree. */
export function parseTokenFormat(format: string | undefined, json: boolean, spec: CommandSpec): TokenFormat {
  const known = TOKEN_FORMATS.find((f) => f === format);
  if (format !== undefined && known === undefined) {
    throw new UsageError(`The format "${format}" is not one of ${TOKEN_FORMATS.join(', ')}.`, spec);
  }
  if (json && known !== undefined && known !== 'json') throw new UsageError(`--json asks for --format json, not --format ${known}.`, spec);
  return known ?? (json ? 'json' : 'token');
}

/** The earlier of expire_at and exp, Unix seconds as text ('' when the token says neither). */
export function expiryText(result: Pick<TokenResult, 'expireAt' | 'jwtExp'>): string {
  const seconds = earlierExpiry(result.expireAt, result.jwtExp);
  return seconds === null ? '' : String(seconds);
}

/**
 * A value for a `NAME=value` line that a shell or a dotenv reader takes as one word: a
 * JWT is plain base64url and dots, but a server can send anything.
 */
function envValue(value: string): string {
  return /^[A-Za-z0-9._~+/=-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What `--format token|widget-kit|env` prints. */
export function tokenText(format: Exclude<TokenFormat, 'json'>, result: TokenResult): string {
  switch (format) {
    case 'token':
      return `${result.token}\n`;
    case 'widget-kit': {
      const seconds = earlierExpiry(result.expireAt, result.jwtExp);
      if (seconds === null) {
        throw new ValidationError(
          'The widget-kit shape needs an expiry, and this token has none.',
          'The response carried no expire_at and the token no exp claim.',
          'Use --format token or --format json, and ask the server why it sent no expiry.',
        );
      }
      return `${widgetKitAuthInfo(result.token, seconds)}\n`;
    }
    case 'env':
      return `WIDGET_TOKEN=${envValue(result.token)}\nWIDGET_TOKEN_EXPIRE_AT=${expiryText(result)}\n`;
  }
}
