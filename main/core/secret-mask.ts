/**
 * Masks secrets in what a server sends back. A server, a proxy or a gateway may repeat
 * what it was sent (the access token header, the app secret in an auth call's query) in
 * a message, a request_id, an HTML error page or anywhere else, and whatever comes back
 * is shown: in the CLI, in the window, in a DEBUG stack. So the text is masked where it
 * enters, once, for every surface; the caller names the secrets of the exchange (the
 * widget-token call: app secret and access token; an auth call: app secret, refresh
 * token, auth code).
 *
 * Besides the secret as it is, the forms it takes when a server writes it back are
 * masked too: JSON-escaped (quotes, backslashes, non-ASCII as \uXXXX) and URL-encoded.
 * JSON is masked after parsing, so any escaping the server chose is undone first.
 */

export const MASK = '****';

/** Replaces every secret of the list in a text. */
export type SecretMasker = (text: string) => string;

/** A secret's JSON string escapes with non-ASCII written as \uXXXX, in lower- and upper-case hex. */
function asciiJsonForms(jsonEscaped: string): string[] {
  if (!/[^\x20-\x7e]/.test(jsonEscaped)) return [];
  const escape = (upper: boolean) =>
    jsonEscaped.replace(/[^\x20-\x7e]/g, (char) => {
      const hex = char.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  return [escape(false), escape(true)];
}

/** The forms a secret takes in what a server writes back. */
function formsOf(secret: string): string[] {
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, jsonEscaped, ...asciiJsonForms(jsonEscaped), new URLSearchParams({ v: secret }).toString().slice('v='.length)];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {
    // A lone surrogate has no %-form (URIError): a server cannot have written one.
  }
  return forms;
}

/**
 * The masker for a list of secrets. Empty and absent entries are skipped; a secret is
 * masked both as stored and trimmed (pasted secrets carry stray whitespace, and the calls
 * send the trimmed one). Longer forms go first, so a secret that contains another is
 * masked whole.
 */
export function secretMasker(secrets: readonly (string | null | undefined)[]): SecretMasker {
  // A profile's calls mask the same secrets each time: the last masker is kept rather than built again for every answer.
  if (lastMasker !== undefined && sameSecrets(lastMasker.secrets, secrets)) return lastMasker.mask;
  const mask = buildMasker(secrets);
  lastMasker = { secrets: [...secrets], mask };
  return mask;
}

let lastMasker: { readonly secrets: readonly (string | null | undefined)[]; readonly mask: SecretMasker } | undefined;

function sameSecrets(a: readonly (string | null | undefined)[], b: readonly (string | null | undefined)[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function buildMasker(secrets: readonly (string | null | undefined)[]): SecretMasker {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === null || secret === undefined) continue;
    for (const value of [secret, secret.trim()]) {
      if (value === '') continue;
      for (const form of formsOf(value)) forms.add(form);
    }
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let masked = text;
    for (const form of ordered) {
      if (masked.includes(form)) masked = masked.split(form).join(MASK);
    }
    return masked;
  };
}

type Container = readonly [source: readonly unknown[], target: unknown[]] | readonly [source: object, target: Record<string, unknown>];

/**
 * Plain data (what JSON.parse or the JWT decoder returns) copied with every string masked,
 * object keys included; numbers, booleans and null are kept. It walks with a list rather
 * than recursion: a hostile answer may nest deeper than the call stack goes.
 */
export function maskData<T>(value: T, mask: SecretMasker): T {
  const pending: Container[] = [];
  const copy = (item: unknown): unknown => {
    if (typeof item === 'string') return mask(item);
    if (Array.isArray(item)) {
      const target: unknown[] = [];
      pending.push([item, target]);
      return target;
    }
    if (typeof item === 'object' && item !== null) {
      const target: Record<string, unknown> = {};
      pending.push([item, target]);
      return target;
    }
    return item;
  };
  const result = copy(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target] = next;
    if (Array.isArray(target)) {
      for (const item of source as readonly unknown[]) target.push(copy(item));
    } else {
      // defineProperty, not assignment: a key "__proto__" (JSON.parse makes it an own key) stays a key.
      for (const [key, item] of Object.entries(source)) Object.defineProperty(target, mask(key), { value: copy(item), enumerable: true, writable: true, configurable: true });
    }
  }
  return result as T;
}
