/**
 * The one place errors become user text: the bridge's BridgeError and the CLI's exit code
 * and paragraph. Anything that is not an AppError is a bug: it is reported without its
 * stack or message (which could hold anything) and with a pointer to DEBUG.
 */
import type { BridgeError } from '../../preload/contract';
import { AppError, ApiError } from './errors';

export const EXIT = {
  ok: 0,
  usage: 2,
  api: 3,
  network: 4,
  keychain: 5,
  profileData: 6,
  internal: 1,
} as const;

export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof ApiError) {
    return {
      kind: 'api',
      code: error.code,
      message: error.message,
      explanation: error.explanation,
      resolution: error.resolution,
      requestId: error.requestId,
    };
  }
  if (error instanceof AppError) {
    return { kind: error.kind, message: error.message, explanation: error.explanation, resolution: error.resolution };
  }
  return {
    kind: 'internal',
    message: 'Something went wrong inside Widget Token Desk.',
    explanation: 'An unexpected error occurred; nothing was saved or sent because of it.',
    resolution: 'Try again. If it keeps happening, run the CLI with DEBUG=1 to see the details and report them.',
  };
}

export function exitCodeFor(error: BridgeError): number {
  switch (error.kind) {
    case 'api':
      return EXIT.api;
    case 'network':
    case 'timeout':
      return EXIT.network;
    case 'keychain':
      return EXIT.keychain;
    case 'profile-data':
      return EXIT.profileData;
    case 'validation':
    case 'not-found':
      return EXIT.usage;
    case 'internal':
      return EXIT.internal;
  }
}

/** One paragraph for a terminal: what happened, why, what to do, and the request id. */
export function errorParagraph(error: BridgeError): string {
  const head = error.code ? `Error ${error.code}: ${error.message}` : `Error: ${error.message}`;
  const parts = [head, error.explanation, error.resolution].filter((part) => part.length > 0).map(sentence);
  if (error.requestId) parts.push(`request_id: ${error.requestId}`);
  return parts.join(' ');
}

/**
 * A server's message often has no closing stop ("Expired credentials"): joined as it is,
 * it would run into the explanation after it. A label in brackets after a full sentence
 * ("… secret». (offline sandbox)") is left as it is.
 */
function sentence(part: string): string {
  const text = part.trimEnd();
  return /[.!?:…]$|[.!?]\s*\([^()]*\)$/.test(text) ? text : `${text}.`;
}
