/**
 * Answers of a server that echoes the secrets it was sent, in many shapes, for the fuzzers:
 * in the message, the request_id, a body that is not JSON, an HTML page's title, the widget
 * token, a claim's value or name inside the token, or a field nobody reads; as sent,
 * written with JSON \u escapes, URL-encoded or form-encoded; between text that carries
 * terminal controls (ESC, CSI, OSC, BEL, C1, bidi overrides, line breaks).
 */
import fc from 'fast-check';

export interface EchoSecrets {
  readonly appSecret: string;
  readonly accessToken: string;
}

export type EchoPlace = 'message' | 'request_id' | 'message and request_id' | 'text body' | 'html title' | 'token' | 'claim value' | 'claim name' | 'unread field';
export type EchoForm = 'as sent' | 'json \\u escapes' | 'url-encoded' | 'form-encoded';

export interface EchoPlan {
  readonly place: EchoPlace;
  readonly form: EchoForm;
  readonly which: 'app secret' | 'access token' | 'both';
  /** 0 (success) or an error code. */
  readonly code: number;
  readonly status: number;
  /** Text around the echo: it may carry terminal controls. */
  readonly before: string;
  readonly after: string;
}

export interface EchoAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const CONTROL_PIECES = ['\u001b', '\u001b[2J', '\u001b]0;pwned\u0007', '\u0007', '\u009b31m', '\u202e', '\u2066', '\r', '\n', '\r\n', '\u0000', '\u0085', '\u2028', '\u007f', '\t', '\u001b[1;1HError: fake'];

/** Text as servers write it, with terminal controls mixed in. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...CONTROL_PIECES), weight: 1 }, { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 2 }), { maxLength: 6 })
  .map((pieces) => pieces.join(''));

export const echoPlan: fc.Arbitrary<EchoPlan> = fc.record({
  place: fc.constantFrom<EchoPlace>('message', 'request_id', 'message and request_id', 'text body', 'html title', 'token', 'claim value', 'claim name', 'unread field'),
  form: fc.constantFrom<EchoForm>('as sent', 'json \\u escapes', 'url-encoded', 'form-encoded'),
  which: fc.constantFrom<EchoPlan['which']>('app secret', 'access token', 'both'),
  code: fc.constantFrom(0, 36009004, 106001, 98001001, 12345678),
  status: fc.constantFrom(200, 200, 400, 500),
  before: hostileText,
  after: hostileText,
});

/** Every UTF-16 unit as a JSON \u escape, as some servers write non-ASCII (and some write everything). */
function uEscaped(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

const inJson = (text: string): string => JSON.stringify(text).slice(1, -1);

/** One secret in the plan's form, as the body of a JSON string. */
function secretInJson(secret: string, form: EchoForm): string {
  switch (form) {
    case 'as sent':
      return inJson(secret);
    case 'json \\u escapes':
      return uEscaped(secret);
    case 'url-encoded':
      return inJson(encodeURIComponent(secret));
    case 'form-encoded':
      return inJson(new URLSearchParams({ v: secret }).toString().slice(2));
  }
}

/** One secret in the plan's form, as plain text (a body that is not JSON: no \u escapes there). */
function secretInText(secret: string, form: EchoForm): string {
  if (form === 'url-encoded') return encodeURIComponent(secret);
  if (form === 'form-encoded') return new URLSearchParams({ v: secret }).toString().slice(2);
  return secret;
}

function echoed(plan: EchoPlan, secrets: EchoSecrets, one: (secret: string) => string): string[] {
  if (plan.which === 'app secret') return [one(secrets.appSecret)];
  if (plan.which === 'access token') return [one(secrets.accessToken)];
  return [one(secrets.appSecret), one(secrets.accessToken)];
}

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

export function echoAnswer(plan: EchoPlan, secrets: EchoSecrets): EchoAnswer {
  const jsonEcho = `${inJson(plan.before)}${echoed(plan, secrets, (secret) => secretInJson(secret, plan.form)).join(' ')}${inJson(plan.after)}`;
  const textEcho = `${plan.before}${echoed(plan, secrets, (secret) => secretInText(secret, plan.form)).join(' ')}${plan.after}`;
  const json = (body: string): EchoAnswer => ({ status: plan.status, contentType: 'application/json', body });
  const withToken = (token: string) => `{"code":0,"message":"Success","request_id":"RID-ECHO","data":{"widget_token":[{"token":"${token}","expire_at":1900000000}]}}`;
  const header = b64('{"alg":"HS256","typ":"JWT"}');
  switch (plan.place) {
    case 'message':
      return json(`{"code":${plan.code},"message":"${jsonEcho}","request_id":"RID-ECHO","data":{"widget_token":{"token":"a.b.c","expire_at":1900000000}}}`);
    case 'request_id':
      return json(`{"code":${plan.code},"message":"echo","request_id":"${jsonEcho}","data":{"widget_token":{"token":"a.b.c","expire_at":1900000000}}}`);
    case 'message and request_id':
      return json(`{"code":${plan.code},"message":"${jsonEcho}","request_id":"${jsonEcho}"}`);
    case 'text body':
      return { status: plan.status, contentType: 'text/plain', body: textEcho };
    case 'html title':
      return { status: plan.status, contentType: 'text/html', body: `<html><head><title>${textEcho}</title></head><body>${textEcho}</body></html>` };
    case 'token':
      return json(withToken(jsonEcho));
    case 'claim value':
      return json(withToken(`${header}.${b64(`{"sub":"${jsonEcho}","exp":1900000000}`)}.c2ln`));
    case 'claim name':
      return json(withToken(`${header}.${b64(`{"${jsonEcho}":1,"exp":1900000000}`)}.c2ln`));
    case 'unread field':
      return json(`{"code":${plan.code},"message":"m","request_id":"RID-ECHO","data":{"widget_token":{"token":"a.b.c","expire_at":1900000000},"extra":"${jsonEcho}"},"${jsonEcho}":1}`);
  }
}

/** The spellings of a secret that must never be seen in an answer, an output or a serialized result. */
export function secretSpellings(secret: string): string[] {
  return [...new Set([secret, inJson(secret), encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)])];
}
