/**
 * A JSON value that keeps every number exactly as written. `JSON.parse` turns
 * 7493990753256900486 into 7493990753256901000; a claim viewer must never do that.
 * The shape is plain data so it crosses IPC and HTTP unchanged.
 */
export type JsonNode =
  | { readonly type: 'null' }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** `text` is the number's source text, digit for digit (sign, fraction and exponent kept). */
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  /** Entries in source order; a duplicate key is kept, as the token carried it. */
  | { readonly type: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] };
