/**
 * The signed `GET /authorization/202401/widget_token` call. It refuses redirects (fetch
 * would otherwise carry x-tts-access-token to wherever a 3xx points), bounds the whole
 * exchange, body included, by one timeout, caps the body size, and turns every way it
 * can fail into an error kind with readable text that never holds a secret.
 */
import type { TokenResult } from '../../preload/contract';
import { toApiError } from './api-errors';
import { parseBaseUrl } from './base-url';
import { systemClock, type Clock } from './clock';
import { parseEnvelope } from './envelope';
import { type AppError, NetworkError, TimeoutError, ValidationError } from './errors';
import { maskedStringToSign, sign } from './sign';

export const WIDGET_TOKEN_PATH = '/authorization/202401/widget_token';
export const DEFAULT_TIMEOUT_MS = 15_000;
/** A widget-token answer is well under 2 KiB; anything near this is not the API. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** TikTok accepts a timestamp from 5 minutes before to 30 seconds after its own clock. */
const ACCEPTED_PAST_MS = 5 * 60_000;
const ACCEPTED_FUTURE_MS = 30_000;
/** Skew worth mentioning even while TikTok still accepts the timestamp. */
const NOTABLE_SKEW_MS = 10_000;

export interface WidgetTokenRequest {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  /** The API `version` query parameter, sent only when set. */
  readonly version?: string;
  readonly timeoutMs?: number;
}

export interface WidgetTokenDeps {
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

/** What one call yields; the token service adds the expiry worked out from the JWT. */
export type WidgetTokenResponse = Pick<
  TokenResult,
  'token' | 'expireAt' | 'requestId' | 'clockSkewMs' | 'clockSkewWarning' | 'receivedAtMs' | 'curl' | 'stringToSign'
> & {
  /** The URL that was called, sign included: it holds no secret (the access token goes in a header). */
  readonly requestUrl: string;
};

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** A clock difference as a person says it: "45 s", "6 min", "2 min 5 s". */
function formatSkew(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 120) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ''}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function buildCurl(url: string): string {
  return [
    'curl -sS',
    shellQuote(url),
    `-H ${shellQuote('content-type: application/json')}`,
    `-H ${shellQuote('x-tts-access-token: ****')}`,
    '# access token masked: put yours in place of ****; the sign is valid for about 5 minutes',
  ].join(' ');
}

function requireText(value: string, what: string, keychain: boolean): string {
  // Pasted credentials often carry a trailing newline; no key, secret or token contains whitespace at either end.
  const text = value.trim();
  if (text === '') {
    throw new ValidationError(`The ${what} is empty.`, `The widget-token call needs the ${what}.`, `Set the ${what} in the profile${keychain ? ' (it is kept in the keychain)' : ''}.`);
  }
  return text;
}

/**
 * A header value fetch would reject. Its own TypeError quotes the value, which here is the
 * access token, so the check happens first with text that does not.
 */
function requireHeaderSafe(accessToken: string): void {
  if (!/^[\x20-\x7e]+$/.test(accessToken)) {
    throw new ValidationError(
      'The access token contains characters that cannot be sent in an HTTP header.',
      'It holds a line break, a control character or a non-ASCII character; an access token is plain ASCII.',
      'Copy the access token again and store it in the profile.',
    );
  }
}

function codeOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The error code of a fetch failure: undici puts it on `cause` (an AggregateError's on its members). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = codeOf(current) ?? (current instanceof AggregateError ? codeOf(current.errors[0]) : undefined);
    if (code) return code;
    current = current.cause;
  }
  return undefined;
}

function causeMessage(error: unknown): string {
  return error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
}

const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

/** What went wrong before an answer arrived, named after the host, with what to do. */
function connectionError(error: unknown, url: URL): AppError {
  const host = url.host;
  const code = causeCode(error);
  const cause = causeMessage(error);
  if (cause === 'unexpected redirect') {
    return new NetworkError(
      `${host} answered with a redirect, which was not followed.`,
      'A redirect would carry the access token header to another address, so the request was not sent on: your secrets went nowhere else.',
      'Use the address the API really answers on as the base URL (check https vs http, the host, and the path prefix).',
    );
  }
  if (cause === 'bad port') {
    return new NetworkError(
      `Port ${url.port} of ${url.hostname} cannot be used.`,
      'Browsers and fetch block a few ports (such as 6000 or 6667) that belong to other protocols.',
      'Run the server or proxy on another port and change the base URL to match.',
    );
  }
  if (code === 'ECONNREFUSED') {
    return new NetworkError(
      `Connection refused by ${host}.`,
      'Nothing is listening at that address and port, or a firewall turned the connection away.',
      'Check the host and port of the base URL; if it is a local proxy or the sandbox, make sure it is running.',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') {
    return new NetworkError(
      `The host name ${url.hostname} could not be resolved.`,
      code === 'EAI_AGAIN' ? 'The DNS lookup failed for now (no answer from the name server).' : 'DNS knows no such host.',
      'Check the base URL for typos, and that this computer is online and its DNS works.',
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError(
      `No connection to ${host} could be made in time.`,
      'The host did not accept a connection within the connect timeout: it is down, unreachable, or a firewall drops the packets.',
      'Check the base URL and your network (VPN, proxy, firewall), then try again.',
    );
  }
  if (code && TLS_CODE.test(code)) {
    return new NetworkError(
      `The secure connection to ${host} failed (${code}).`,
      "The server's TLS certificate could not be verified, so nothing was sent: it is expired, self-signed, for another host, or replaced by a proxy.",
      'Check the host in the base URL. Behind a TLS-inspecting corporate proxy, give Node its CA with the NODE_EXTRA_CA_CERTS environment variable.',
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
    return new NetworkError(
      `${host} cannot be reached (${code}).`,
      'The network has no route to that host right now.',
      'Check that this computer is online (and any VPN or proxy it needs), then try again.',
    );
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new NetworkError(
      `${host} closed the connection before the answer was complete.`,
      'The connection was cut: the server or something in between hung up, sometimes because it does not speak the protocol of the base URL (http vs https).',
      'Check the scheme and port of the base URL, then try again.',
    );
  }
  return new NetworkError(
    `The request to ${host} failed${code ? ` (${code})` : ''}.`,
    'The connection could not be made or was broken before a complete answer arrived.',
    'Check the base URL and your network, then try again.',
  );
}

function timeoutError(url: URL, timeoutMs: number, phase: 'answer' | 'body'): TimeoutError {
  const seconds = formatSeconds(timeoutMs);
  return new TimeoutError(
    phase === 'answer'
      ? `No answer from ${url.host} within ${seconds}.`
      : `The answer from ${url.host} did not finish within ${seconds}.`,
    `The whole request, reading the answer included, is limited to ${seconds}.`,
    'Check your network and the base URL, then try again; a slow link may need a longer timeout.',
  );
}

function tooLarge(url: URL): NetworkError {
  return new NetworkError(
    `The answer from ${url.host} is too large (over ${MAX_BODY_BYTES / 1024 / 1024} MiB); reading stopped.`,
    'A widget-token answer is a few hundred bytes: this is not the API answering.',
    'Check that the base URL points at the TikTok Shop Open API or a proxy that forwards to it unchanged.',
  );
}

/** Reads the body as text, giving up as soon as it passes the cap. */
async function readCapped(response: Response, url: URL): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw tooLarge(url);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge(url);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Server clock minus local clock at the midpoint of the exchange; 0 without a usable Date header. */
function measureSkew(dateHeader: string | null, sentAtMs: number, receivedAtMs: number): number {
  const serverMs = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  return Number.isNaN(serverMs) ? 0 : Math.round(serverMs - (sentAtMs + receivedAtMs) / 2);
}

/**
 * Our timestamp is local time; TikTok accepts it from serverNow - 5 min to serverNow + 30 s.
 * With skew = server - local: a local clock ahead by more than 30 s sends a timestamp from
 * the future, one behind by more than 5 min sends a stale one; both are rejected.
 */
export function clockSkewWarning(skewMs: number): string | null {
  const amount = formatSkew(skewMs);
  if (skewMs < -ACCEPTED_FUTURE_MS) {
    return `This computer's clock is ${amount} ahead of the server's. TikTok Shop rejects a timestamp more than 30 s in the future, so signed calls will fail; turn on automatic time synchronisation (NTP).`;
  }
  if (skewMs > ACCEPTED_PAST_MS) {
    return `This computer's clock is ${amount} behind the server's. TikTok Shop rejects a timestamp more than 5 minutes old, so signed calls will fail; turn on automatic time synchronisation (NTP).`;
  }
  if (Math.abs(skewMs) > NOTABLE_SKEW_MS) {
    const direction = skewMs < 0 ? 'ahead of' : 'behind';
    return `This computer's clock is ${amount} ${direction} the server's. TikTok Shop still accepts the timestamp (up to 5 minutes behind, 30 s ahead), but the margin is shrinking; turn on automatic time synchronisation (NTP).`;
  }
  return null;
}

export async function fetchWidgetToken(req: WidgetTokenRequest, deps: WidgetTokenDeps = {}): Promise<WidgetTokenResponse> {
  const clock = deps.clock ?? systemClock;
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError('The timeout must be a positive number of milliseconds.', `It was ${timeoutMs}.`, 'Give a timeout such as 15 seconds.');
  }

  const base = parseBaseUrl(req.baseUrl);
  const appKey = requireText(req.appKey, 'app key', false);
  const appSecret = requireText(req.appSecret, 'app secret', true);
  const accessToken = requireText(req.accessToken, 'access token', true);
  requireHeaderSafe(accessToken);
  const version = req.version?.trim();

  const query: Record<string, string> = { app_key: appKey, timestamp: String(Math.floor(clock.nowMs() / 1000)) };
  if (version) query.version = version;
  // TikTok signs the API path; a proxy prefix in the base URL is stripped before the API sees it.
  const signInput = { path: WIDGET_TOKEN_PATH, query };
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${WIDGET_TOKEN_PATH}`;
  const params = new URLSearchParams({ ...query, sign: sign(signInput, appSecret) });
  params.sort();
  url.search = params.toString();

  const signal = AbortSignal.timeout(timeoutMs);
  const sentAtMs = clock.nowMs();
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'GET',
      headers: { 'content-type': 'application/json', 'x-tts-access-token': accessToken },
      redirect: 'error',
      signal,
    });
  } catch (error) {
    throw signal.aborted ? timeoutError(url, timeoutMs, 'answer') : connectionError(error, url);
  }
  const receivedAtMs = clock.nowMs();

  let bodyText: string;
  try {
    bodyText = await readCapped(response, url);
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw signal.aborted ? timeoutError(url, timeoutMs, 'body') : connectionError(error, url);
  }

  const clockSkewMs = measureSkew(response.headers.get('date'), sentAtMs, receivedAtMs);
  const warning = clockSkewWarning(clockSkewMs);
  const envelope = parseEnvelope(bodyText, response.status, [appSecret, accessToken]);
  if (!envelope.ok) {
    throw toApiError({ code: envelope.code, message: envelope.message, requestId: envelope.requestId, clockSkewWarning: warning });
  }
  return {
    token: envelope.token,
    expireAt: envelope.expireAt,
    requestId: envelope.requestId,
    clockSkewMs,
    clockSkewWarning: warning,
    receivedAtMs,
    curl: buildCurl(url.href),
    stringToSign: maskedStringToSign(signInput),
    requestUrl: url.href,
  };
}
