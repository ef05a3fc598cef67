/**
 * The API's response envelope `{code, message, request_id, data}`, read tolerantly where
 * the document and its own sample disagree (code as string or number, widget_token as
 * object or one-element array, a token broken over lines, expire_at as number or string),
 * and strictly everywhere else: anything that is not the API's answer is a NetworkError
 * that says what was wrong, never a crash and never a blind "invalid response".
 */
import { z } from 'zod';
import { NetworkError } from './errors';
import { maskData, secretMasker, type SecretMasker } from './secret-mask';

export interface EnvelopeSuccess {
  readonly ok: true;
  readonly code: '0';
  readonly message: string;
  readonly requestId: string;
  /** The widget token with all whitespace removed. */
  readonly token: string;
  /** `expire_at`, Unix seconds; null when absent or not a real time (0). */
  readonly expireAt: number | null;
}

export interface EnvelopeFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
}

export type Envelope = EnvelopeSuccess | EnvelopeFailure;

/** How much of an unexpected body an error may quote. */
export const BODY_SNIPPET_CHARS = 200;

/** Issue text that reads after the field's path: "code must be ..., not a boolean". */
const missingOr = (expected: string) => (issue: { input?: unknown }) => {
  if (issue.input === undefined) return 'is missing';
  if (typeof issue.input === 'number' && !Number.isInteger(issue.input)) return 'must be a whole number, not a fraction';
  return `must be ${expected}, not ${describeJson(issue.input)}`;
};

const integerText = /^-?\d+$/;

/*
 * The schemas only check; the few conversions (code to text, absent text to '', the
 * token's whitespace) are made in parseEnvelope. Each transform or preprocess is a layer
 * zod runs on every answer, and they cost more than the checks while zod's code is not
 * yet optimized, which is how a process's first few hundred calls find it.
 */

const codeSchema = z.union([z.number().int('must be a whole number'), z.string().trim().regex(integerText, 'must be a whole number')], {
  error: missingOr('a number or a numeric string'),
});

const optionalText = (what: string) => z.string({ error: missingOr(what) }).nullish();

export const envelopeSchema = z.object(
  {
    code: codeSchema,
    message: optionalText('a string'),
    request_id: optionalText('a string'),
    data: z.unknown().optional(),
  },
  { error: missingOr('a JSON object') },
);

// z.number().int() takes safe integers only; a numeric string is held to the same.
const expireAtSchema = z
  .union(
    [
      z.number().int('must be whole Unix seconds'),
      z
        .string()
        .trim()
        .regex(/^\d+$/, 'must be whole Unix seconds')
        .refine((text) => Number.isSafeInteger(Number(text)), { error: 'is not a usable number of seconds', when: (payload) => payload.issues.length === 0 }),
    ],
    { error: missingOr('Unix seconds as a number or a numeric string') },
  )
  .nullish();

const widgetTokenSchema = z.object(
  {
    // Whitespace is taken out afterwards (the documented sample breaks the token over lines): something else must be left.
    token: z.string({ error: missingOr('a string') }).regex(/\S/, 'is empty'),
    expire_at: expireAtSchema,
  },
  { error: missingOr('an object') },
);

export const widgetTokenDataSchema = z.object({ widget_token: widgetTokenSchema }, { error: missingOr('an object') });

/** The field table says widget_token is an object, the sample sends an array of one: its first element is read. */
function firstWidgetToken(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('widget_token' in data) || !Array.isArray(data.widget_token)) return data;
  return { ...data, widget_token: data.widget_token[0] };
}

/** `expire_at` as Unix seconds; 0 (or less) is what some gateways send for "unset": a countdown to 1970 helps no one. */
function expireAtOf(value: number | string | null | undefined): number | null {
  const seconds = value === null || value === undefined ? 0 : Number(value);
  return seconds > 0 ? seconds : null;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  const tail = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  const full = `${prefix}${tail}`.replace(/^\./, '');
  return full === '' ? 'the body' : full;
}

function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${fieldPath(prefix, issue.path)} ${issue.message}`)
    .join('; ');
}

/** A short, secret-free quote of a body that is not the API's: the page title, or its start. */
function quoteBody(bodyText: string, mask: SecretMasker): string {
  const text = mask(bodyText);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  const start = text.replace(/\s+/g, ' ').trim();
  const cut = (s: string) => (s.length > BODY_SNIPPET_CHARS ? `${s.slice(0, BODY_SNIPPET_CHARS)}…` : s);
  if (title) return `an HTML page titled "${cut(title)}"`;
  return `a body starting "${cut(start)}"`;
}

function statusResolution(status: number): string {
  if (status >= 500) {
    return 'The server or a gateway in front of it failed. Try again in a moment; if it persists, check the base URL and any proxy in between.';
  }
  if (status === 404) {
    return 'Nothing answers the API path there: check the base URL (and its path prefix, if a proxy is in between).';
  }
  return 'Check that the base URL points at the TikTok Shop Open API, or at a proxy that forwards to it unchanged.';
}

/**
 * Reads the body of a widget-token answer. A non-zero code is returned (not thrown) so
 * that the caller turns it into an ApiError with its own context. `secrets` are masked
 * in everything read from the body, before anything else sees it: a server, a proxy or a
 * gateway may echo the request (its access token header) in any field.
 */
export function parseEnvelope(bodyText: string, status: number, secrets: readonly string[] = []): Envelope {
  const envelope = readEnvelope(bodyText, status, secrets);
  if (!envelope.ok) return envelope;
  const { message, requestId } = envelope;

  const payload = widgetTokenDataSchema.safeParse(firstWidgetToken(envelope.data));
  if (!payload.success) {
    throw new NetworkError(
      `The API reported success but its answer holds no usable widget token (HTTP ${status}).`,
      `In the response: ${describeIssues('data', payload.error)}.${requestId ? ` request_id: ${requestId}.` : ''}`,
      'Try again. If it persists, the server is not answering as documented: check the base URL, or quote the request_id to TikTok Shop partner support.',
    );
  }
  const { token, expire_at: expireAt } = payload.data.widget_token;
  return { ok: true, code: '0', message, requestId, token: token.replace(/\s+/g, ''), expireAt: expireAtOf(expireAt) };
}

/** A successful envelope whose `data` the caller reads with its own schema. */
export interface RawEnvelopeSuccess {
  readonly ok: true;
  readonly message: string;
  readonly requestId: string;
  readonly data: unknown;
}

export interface ReadEnvelopeOptions {
  /**
   * Leave `data` as sent: token/get and token/refresh answer with new tokens, and a
   * refresh that does not rotate sends back the very refresh token the call carried. The
   * caller masks the plain-text facts of such a `data` itself.
   */
  readonly dataAsSent?: boolean;
}

/**
 * The envelope of any API answer, `data` left unread: the checks of parseEnvelope up to
 * the code, for the calls whose data is not a widget token (token/get, shops). `secrets`
 * are masked in all of it, `data` included unless `dataAsSent`.
 */
export function readEnvelope(bodyText: string, status: number, secrets: readonly string[] = [], options: ReadEnvelopeOptions = {}): RawEnvelopeSuccess | EnvelopeFailure {
  const mask = secretMasker(secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    const what = bodyText.trim() === '' ? 'an empty body' : quoteBody(bodyText, mask);
    throw new NetworkError(
      `The server's answer is not JSON (HTTP ${status}).`,
      `Expected the API's JSON envelope, got ${what}.`,
      statusResolution(status),
    );
  }
  // Masked after parsing, once the JSON escapes are undone: a secret written with \u escapes is then plain.
  // Without a backslash in the body every string in it is a piece of the body as sent, so a body with no
  // secret in it needs no copy: the API's usual answer.
  const unmasked = !bodyText.includes('\\') && mask(bodyText) === bodyText;
  const json = unmasked ? parsed : maskData(parsed, mask);

  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new NetworkError(
      `The server's answer is not the API's envelope (HTTP ${status}).`,
      `The JSON does not have the documented shape {code, message, request_id, data}: ${describeIssues('', envelope.error)}.`,
      statusResolution(status),
    );
  }
  const code = String(envelope.data.code);
  const message = envelope.data.message ?? '';
  const requestId = envelope.data.request_id ?? '';
  if (code !== '0') return { ok: false, code, message, requestId };
  const data = options.dataAsSent === true && !unmasked && typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : envelope.data.data;
  return { ok: true, message, requestId, data };
}

/** Zod issues of a response's `data`, as the errors above word them. */
export function describeDataIssues(error: z.ZodError): string {
  return describeIssues('data', error);
}
