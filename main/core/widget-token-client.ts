/**
 * The signed `GET /authorization/202401/widget_token` call. It never follows a redirect
 * (that would carry x-tts-access-token to wherever a 3xx points), bounds the whole
 * exchange, connection and body included, by one timeout, caps the body size, and turns
 * every way it can fail into an error kind with readable text that never holds a secret.
 *
 * It speaks node:http(s) over kept-alive connections rather than fetch: fetch costs
 * about as much again as the round trip it makes on loopback (the sandbox), and loading
 * it is a good part of a `widget-token get` process's start (see `npm run bench`).
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { TokenResult } from '../../preload/contract';
import { formatDuration } from '../../common/time-format';
import { toApiError } from './api-errors';
import { parseBaseUrl } from './base-url';
import { systemClock, type Clock } from './clock';
import { parseEnvelope } from './envelope';
import { type AppError, NetworkError, TimeoutError, ValidationError } from './errors';
import { signWithMaskedString } from './sign';

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

/**
 * Opens one HTTP exchange: the shape of node:http's and node:https's `request`. `url` is the
 * profile's base URL, parsed once for all its calls; `options.path` is what is asked for
 * there (path prefix, API path, query), and wins over the URL's path as in node:http.
 */
export type RequestFn = (url: URL, options: RequestOptions & { readonly path: string }, onResponse: (response: IncomingMessage) => void) => ClientRequest;

export interface WidgetTokenDeps {
  readonly clock?: Clock;
  /** Sends the request instead of node:http(s) (a test that must keep calls on this machine). */
  readonly request?: RequestFn;
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

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** What follows the URL in every curl command: the same headers and note each time. */
const CURL_TAIL = [
  `-H ${shellQuote('content-type: application/json')}`,
  `-H ${shellQuote('x-tts-access-token: ****')}`,
  '# access token masked: put yours in place of ****; the sign is valid for about 5 minutes',
].join(' ');

function buildCurl(url: string): string {
  return `curl -sS ${shellQuote(url)} ${CURL_TAIL}`;
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
 * A header value HTTP cannot carry as it is: node:http refuses control characters and
 * sends anything above ASCII as Latin-1 bytes, which no server reads back as the token.
 * Checked first, with text that does not quote the value (the access token).
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

/** The error code of a failed exchange: on the error, its `cause`, or an AggregateError's first member (one per address tried). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = codeOf(current) ?? (current instanceof AggregateError ? codeOf(current.errors[0]) : undefined);
    if (code) return code;
    current = current.cause;
  }
  return undefined;
}

const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

/** What went wrong before an answer arrived, named after the host, with what to do. */
function connectionError(error: unknown, url: URL): AppError {
  const host = url.host;
  const code = causeCode(error);
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
  if (code === 'ECONNRESET' || code === 'EPIPE') {
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

/** How far an exchange got: connecting, waiting for the answer's headers, reading its body. */
type Phase = 'connect' | 'answer' | 'body';

function timeoutError(url: URL, timeoutMs: number, phase: Phase): TimeoutError {
  const seconds = formatSeconds(timeoutMs);
  if (phase === 'connect') {
    return new TimeoutError(
      `No connection to ${url.host} could be made within ${seconds}.`,
      'The host did not accept a connection in time: it is down, unreachable, or a firewall drops the packets.',
      'Check the base URL and your network (VPN, proxy, firewall), then try again.',
    );
  }
  return new TimeoutError(
    phase === 'answer'
      ? `No answer from ${url.host} within ${seconds}.`
      : `The answer from ${url.host} did not finish within ${seconds}.`,
    `The whole request, reading the answer included, is limited to ${seconds}.`,
    'Check your network and the base URL, then try again; a slow link may need a longer timeout.',
  );
}

function redirected(url: URL, carries: string): NetworkError {
  return new NetworkError(
    `${url.host} answered with a redirect, which was not followed.`,
    `A redirect would carry ${carries} to another address, so the request was not sent on: your secrets went nowhere else.`,
    'Use the address the API really answers on as the base URL (check https vs http, the host, and the path prefix).',
  );
}

function tooLarge(url: URL): NetworkError {
  return new NetworkError(
    `The answer from ${url.host} is too large (over ${MAX_BODY_BYTES / 1024 / 1024} MiB); reading stopped.`,
    'A widget-token answer is a few hundred bytes: this is not the API answering.',
    'Check that the base URL points at the TikTok Shop Open API or a proxy that forwards to it unchanged.',
  );
}

/** Idle kept-alive connections close after this, before servers commonly drop theirs (Node's own default is 5 s). */
const IDLE_SOCKET_MS = 4_000;
/** TCP keep-alive probes on a pooled socket: Node's own default for an agent. */
const KEEP_ALIVE_PROBE_MS = 1_000;
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo' } as const;

/**
 * Makes the agent close a pooled socket once it has been idle for IDLE_SOCKET_MS. Node's
 * `timeout` agent option would do that too, but with it every request adds and removes a
 * 'timeout' listener on its socket, a cost this path pays on each call (npm run bench).
 * Here a socket's idle timer is armed once, when it first goes back to the pool; reading
 * and writing keep it from firing while it is in use, and the agent's own 'timeout'
 * handler destroys the socket only while it sits in the pool. A server that drops an idle
 * connection sooner is met by the exchange's one retry on a fresh connection.
 */
function closingWhenIdle<A extends HttpAgent>(agent: A): A {
  // Set once per socket: both are kernel or timer calls that Node's own handler repeats on every return to the pool.
  const pooledBefore = new WeakSet<Socket>();
  agent.keepSocketAlive = (duplex): boolean => {
    const socket = duplex as Socket;
    socket.unref();
    if (!pooledBefore.has(socket)) {
      pooledBefore.add(socket);
      socket.setKeepAlive(true, KEEP_ALIVE_PROBE_MS);
      socket.setTimeout(IDLE_SOCKET_MS);
    }
    return true;
  };
  return agent;
}
/**
 * Certificate and host name checks, stated rather than left to defaults: node:tls takes
 * its default for rejectUnauthorized from an environment variable that turns verification
 * off for the whole process, and the access token must never go to a host that was not
 * verified, whatever the environment says. Extra CAs (NODE_EXTRA_CA_CERTS) are still
 * trusted: they join the CA list, which these options leave as it is.
 */
const VERIFIED_TLS = { rejectUnauthorized: true, checkServerIdentity } as const;
// One pool per scheme for the process: fetching again reuses the TCP (and TLS) connection.
const httpAgent = closingWhenIdle(new HttpAgent(AGENT_OPTIONS));
const httpsAgent = closingWhenIdle(new HttpsAgent({ ...AGENT_OPTIONS, ...VERIFIED_TLS }));

export const sendRequest: RequestFn = (url, options, onResponse) => {
  const https = url.protocol === 'https:';
  const { hostname } = url;
  // Plain options rather than the URL, which node:http would take apart again on every call, and
  // in one literal: node:http copies them anyway, so a spread first is a copy for nothing.
  const target: RequestOptions = {
    method: options.method,
    headers: options.headers,
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    port: url.port,
    path: options.path,
    agent: https ? httpsAgent : httpAgent,
  };
  // The agent's options and the request's are merged for each connection: set on both, no request can turn verification off.
  return https ? httpsRequest({ ...target, ...VERIFIED_TLS }, onResponse) : httpRequest(target, onResponse);
};

/** As fetch's text() decoded: invalid bytes become U+FFFD, a BOM is dropped. Without `stream` it keeps no state between calls. */
const UTF8 = new TextDecoder();

/** Statuses a browser or fetch would follow: never followed here. */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface Answer {
  readonly status: number;
  readonly date: string | null;
  readonly body: string;
  /** Local time the headers arrived, Unix milliseconds. */
  readonly receivedAtMs: number;
}

export interface Exchange {
  /** The base URL: its host names the errors. */
  readonly url: URL;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly send: RequestFn;
  /** What a followed redirect would have carried elsewhere, for the error (default: the access token header). */
  readonly carries?: string;
}

interface Deadline {
  /** performance.now() milliseconds. */
  readonly at: number;
  readonly expire: () => void;
}

/**
 * The deadlines of the exchanges in flight, all on one timer. A timer of its own for
 * every call costs more than all the rest of the call's bookkeeping (Node builds and
 * tears down the list of timers of that duration each time). The timer is armed for the
 * earliest deadline and left armed when exchanges settle; when it fires it expires what
 * is due and re-arms for the next deadline, if any. It is unref'd: an exchange in flight
 * holds the process open through its socket, and a timer left armed holds nothing open.
 */
const deadlines = new Set<Deadline>();
let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
let deadlineTimerAt = Number.POSITIVE_INFINITY;

function armDeadlineTimer(at: number): void {
  clearTimeout(deadlineTimer);
  deadlineTimerAt = at;
  deadlineTimer = setTimeout(expireDue, Math.max(0, Math.ceil(at - performance.now())));
  deadlineTimer.unref();
}

function expireDue(): void {
  deadlineTimer = undefined;
  deadlineTimerAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  let next = Number.POSITIVE_INFINITY;
  for (const deadline of deadlines) {
    if (deadline.at <= now) {
      deadlines.delete(deadline);
      deadline.expire();
    } else {
      next = Math.min(next, deadline.at);
    }
  }
  if (next !== Number.POSITIVE_INFINITY) armDeadlineTimer(next);
}

/** Calls `expire` once `timeoutMs` have passed, unless the returned function is called first. */
function watchDeadline(timeoutMs: number, expire: () => void): () => void {
  const deadline: Deadline = { at: performance.now() + timeoutMs, expire };
  deadlines.add(deadline);
  if (deadline.at < deadlineTimerAt) armDeadlineTimer(deadline.at);
  return () => deadlines.delete(deadline);
}

/**
 * One GET, read to the end as text. Everything that can go wrong settles it once, with an
 * AppError, and destroys the request: the timeout, a body past the cap, a redirect, a
 * broken connection. Its deadline is dropped when it settles.
 */
export function exchange({ url, path, headers, timeoutMs, clock, send, carries = 'the access token header' }: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let outgoing: ClientRequest | undefined;
    let responded = false;
    let settled = false;
    // Read off the request when needed rather than tracked with listeners on every call.
    const phaseOf = (request: ClientRequest | undefined): Phase => {
      if (responded) return 'body';
      // A kept-alive socket is connected already; a new one once TCP is up.
      const socket = request?.socket;
      return socket && !socket.connecting ? 'answer' : 'connect';
    };
    const settle = (outcome: { error: Error } | { answer: Answer }): void => {
      if (settled) return;
      settled = true;
      unwatch();
      if ('error' in outcome) {
        outgoing?.destroy();
        reject(outcome.error);
      } else {
        resolve(outcome.answer);
      }
    };
    const unwatch = watchDeadline(timeoutMs, () => settle({ error: timeoutError(url, timeoutMs, phaseOf(outgoing)) }));

    const onResponse = (response: IncomingMessage): void => {
      responded = true;
      const receivedAtMs = clock.nowMs();
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        settle({ error: redirected(url, carries) });
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
        settle({ error: tooLarge(url) });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) settle({ error: tooLarge(url) });
        else chunks.push(chunk);
      });
      response.on('end', () => {
        const body = UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        settle({ answer: { status, date: response.headers.date ?? null, body, receivedAtMs } });
      });
      response.on('error', (error) => settle({ error: connectionError(error, url) }));
      response.on('close', () => {
        if (!response.complete) settle({ error: connectionError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), url) });
      });
    };

    const open = (isRetry: boolean): void => {
      let request: ClientRequest;
      try {
        request = send(url, { method: 'GET', headers, path }, onResponse);
      } catch (error) {
        settle({ error: connectionError(error, url) });
        return;
      }
      outgoing = request;
      request.on('error', (error) => {
        // A kept-alive connection the server closed while it sat idle: no answer came on it,
        // so the request goes once more, on a new connection.
        if (!isRetry && !settled && request.reusedSocket && phaseOf(request) === 'answer' && causeCode(error) === 'ECONNRESET') open(true);
        else settle({ error: connectionError(error, url) });
      });
      request.end();
    };
    open(false);
  });
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
  // Both limits lie beyond the notable skew: within it there is nothing to say.
  if (Math.abs(skewMs) <= NOTABLE_SKEW_MS) return null;
  const amount = formatDuration(skewMs / 1000);
  if (skewMs < -ACCEPTED_FUTURE_MS) {
    return `This computer's clock is ${amount} ahead of the server's. TikTok Shop rejects a timestamp more than 30 s in the future, so signed calls will fail; turn on automatic time synchronisation (NTP).`;
  }
  if (skewMs > ACCEPTED_PAST_MS) {
    return `This computer's clock is ${amount} behind the server's. TikTok Shop rejects a timestamp more than 5 minutes old, so signed calls will fail; turn on automatic time synchronisation (NTP).`;
  }
  const direction = skewMs < 0 ? 'ahead of' : 'behind';
  return `This computer's clock is ${amount} ${direction} the server's. TikTok Shop still accepts the timestamp (up to 5 minutes behind, 30 s ahead), but the margin is shrinking; turn on automatic time synchronisation (NTP).`;
}

/** What the calls to one base URL share: the parsed URL, and the start of the path they ask for. */
interface Endpoint {
  readonly baseUrl: string;
  readonly url: URL;
  /** Path prefix without trailing slashes, API path, `?`. */
  readonly pathPrefix: string;
}

/** The endpoint of the last base URL: a profile's calls use the same one. Read, never changed. */
let lastEndpoint: Endpoint | undefined;

function endpointOf(baseUrl: string): Endpoint {
  if (lastEndpoint?.baseUrl !== baseUrl) {
    const url = parseBaseUrl(baseUrl);
    lastEndpoint = { baseUrl, url, pathPrefix: `${url.pathname.replace(/\/+$/, '')}${WIDGET_TOKEN_PATH}?` };
  }
  return lastEndpoint;
}

/** Characters URLSearchParams writes as they are: app keys and versions are made of them. */
const FORM_SAFE = /^[\w*.-]*$/;

/** A query value as URLSearchParams writes it (application/x-www-form-urlencoded). */
function formValue(value: string): string {
  return FORM_SAFE.test(value) ? value : new URLSearchParams({ v: value }).toString().slice('v='.length);
}

/** The timeout of one call, checked: a positive number of milliseconds. */
export function checkedTimeoutMs(timeoutMs: number = DEFAULT_TIMEOUT_MS): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError('The timeout must be a positive number of milliseconds.', `It was ${timeoutMs}.`, 'Give a timeout such as 15 seconds.');
  }
  return timeoutMs;
}

export async function fetchWidgetToken(req: WidgetTokenRequest, deps: WidgetTokenDeps = {}): Promise<WidgetTokenResponse> {
  const clock = deps.clock ?? systemClock;
  const timeoutMs = checkedTimeoutMs(req.timeoutMs);

  const endpoint = endpointOf(req.baseUrl);
  const appKey = requireText(req.appKey, 'app key', false);
  const appSecret = requireText(req.appSecret, 'app secret', true);
  const accessToken = requireText(req.accessToken, 'access token', true);
  requireHeaderSafe(accessToken);
  const version = req.version?.trim();

  const timestamp = String(Math.floor(clock.nowMs() / 1000));
  const query: Record<string, string> = version ? { app_key: appKey, timestamp, version } : { app_key: appKey, timestamp };
  // TikTok signs the API path; a proxy prefix in the base URL is stripped before the API sees it.
  const signed = signWithMaskedString({ path: WIDGET_TOKEN_PATH, query }, appSecret);
  // The parameters in name order; the sign (hex) and the timestamp (digits) need no escaping.
  const search = `app_key=${formValue(appKey)}&sign=${signed.sign}&timestamp=${timestamp}${version ? `&version=${formValue(version)}` : ''}`;
  // Written out rather than parsed into a URL: the parts are already in URL form (the prefix from the parsed base URL, the query escaped above).
  const path = `${endpoint.pathPrefix}${search}`;
  const requestUrl = `${endpoint.url.origin}${path}`;

  const sentAtMs = clock.nowMs();
  const answer = await exchange({
    url: endpoint.url,
    path,
    headers: { 'content-type': 'application/json', 'x-tts-access-token': accessToken },
    timeoutMs,
    clock,
    send: deps.request ?? sendRequest,
  });
  const { receivedAtMs } = answer;
  const clockSkewMs = measureSkew(answer.date, sentAtMs, receivedAtMs);
  const warning = clockSkewWarning(clockSkewMs);
  const envelope = parseEnvelope(answer.body, answer.status, [appSecret, accessToken]);
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
    curl: buildCurl(requestUrl),
    stringToSign: signed.stringToSign,
    requestUrl,
  };
}
