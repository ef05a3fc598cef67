/**
 * The CLI's JSON output is built as a JsonNode tree and written by stringifyJsonNode, so
 * decoded claims go out exactly as the token carried them: a 19-digit UserID stays a
 * JSON number with all its digits, which JSON.parse and JSON.stringify would round.
 */
import type { JsonNode } from '../../common/json-node';
import { stringifyJsonNode } from '../../common/lossless-json';

export function jsonString(value: string): JsonNode {
  return { type: 'string', value };
}

/** A safe integer from the core (seconds, say), or null when there is none. */
export function jsonNumber(value: number | null): JsonNode {
  return value === null ? { type: 'null' } : { type: 'number', text: String(value) };
}

export const JSON_NULL: JsonNode = { type: 'null' };

export function jsonObject(entries: readonly (readonly [string, JsonNode])[]): JsonNode {
  return { type: 'object', entries };
}

/** Indented for a person reading it, with a final newline for the shell. */
export function jsonText(node: JsonNode): string {
  return `${stringifyJsonNode(node, 2)}\n`;
}
