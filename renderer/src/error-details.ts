import { formatUtc } from '../../common/time-format';
import type { BridgeError } from '../../preload/contract';

/**
 * The alert as text for a support ticket or a chat: what failed, when, for which profile,
 * and the request_id TikTok support asks for. Only what the alert shows, which never
 * holds a secret (the core masks them before an error leaves it).
 */
export function errorDetailsText(error: BridgeError, atMs: number | null, profile: string | null): string {
  const lines = [
    `Widget Token Desk: ${error.message}`,
    ...(error.code === undefined ? [] : [`code: ${error.code}`]),
    `kind: ${error.kind}`,
    ...(error.requestId === undefined ? [] : [`request_id: ${error.requestId}`]),
    ...(profile === null ? [] : [`profile: ${profile}`]),
    ...(atMs === null ? [] : [`time: ${formatUtc(atMs)}`]),
    `explanation: ${error.explanation}`,
    `resolution: ${error.resolution}`,
  ];
  return `${lines.join('\n')}\n`;
}
