import { ApiError } from './errors';

export interface ApiErrorHelp {
  readonly explanation: string;
  readonly resolution: string;
}

export interface ApiErrorInput {
  readonly code: string;
  /** The server's message, shown verbatim. */
  readonly message: string;
  readonly requestId: string;
  /** When the measured clock skew is large, its warning joins the resolution. */
  readonly clockSkewWarning?: string | null;
}

/**
 * How the offline sandbox ends the message of every refusal. The sandbox writes it and the
 * help here reads it, so a refusal from any offline sandbox (the built-in profile's, or one
 * a profile of your own points at) is explained as the sandbox's, not TikTok Shop's,
 * without the core knowing where a sandbox runs.
 */
export const SANDBOX_REFUSAL_LABEL = '(offline sandbox)';

const WITH_REQUEST_ID = 'quote its request_id (shown with this error) to TikTok Shop partner support';

const TIMESTAMP_WINDOW = 'from 5 minutes in the past to 30 seconds in the future of its own clock';
const SYNC_CLOCK = "Set this computer's clock to synchronise automatically (NTP), then try again.";
const PRINTS_DEMO = '`widget-token sandbox` prints its demo credentials';

/** The codes PRODUCT.md names, from the API document and the public SDKs. */
export const KNOWN_API_ERRORS: Readonly<Record<string, ApiErrorHelp>> = {
  '98001001': {
    explanation: 'TikTok Shop had an internal error and could not look up the authorized shop.',
    resolution: `Try again in a moment. If it keeps happening, ${WITH_REQUEST_ID}.`,
  },
  '98001004': {
    explanation: 'A request parameter is not valid: app_key, timestamp, sign or version is missing or malformed.',
    resolution:
      'Check the profile: the app key exactly as shown in Partner Center, and the API version left empty unless you need one. Then try again.',
  },
  '13002013': {
    explanation: 'No seller matches this access token for this app: the token belongs to another app or shop, or to none.',
    resolution:
      "Use an access token issued to this app (same app key) through the shop's authorization, and store it in the profile.",
  },
  '106001': {
    explanation: 'The signature (sign) did not match what TikTok Shop computed: the app secret is wrong for this app key.',
    resolution:
      "Re-enter the app secret from Partner Center for this app key (no spaces around it). If a proxy sits in front of the API, it must forward the path and query unchanged.",
  },
  '36009004': {
    explanation: 'TikTok Shop rejected the credentials: the app key, the timestamp or the access token.',
    resolution:
      "Check the app key and access token in the profile belong to the same app, and that this computer's clock is synchronised.",
  },
  '105002': {
    explanation: 'The access token has expired.',
    resolution:
      'For a profile authorized through this app, refresh it (Refresh access token, or `widget-token auth refresh`); the app also does so by itself before it expires. Otherwise authorize the shop (Authorize shop, or `widget-token auth url`), or store a new access token in the profile.',
  },
  '36009002': {
    explanation: 'Too many requests: TikTok Shop is rate limiting this app.',
    resolution: 'Wait a little before asking again; a widget token stays valid for about 5 minutes, so reuse it meanwhile.',
  },
  '36009003': {
    explanation: 'TikTok Shop had an internal error.',
    resolution: `Try again in a moment. If it keeps happening, ${WITH_REQUEST_ID}.`,
  },
  '36004001': {
    explanation: "The refresh token has expired: the seller's authorization of this app has ended.",
    resolution: 'The seller must authorize the app again: create the authorization link (Authorize shop, or `widget-token auth url`), have the seller approve it, and connect the code it gives.',
  },
  '36004005': {
    explanation: 'TikTok Shop has no authorization record for this token: it belongs to another app, the seller revoked the authorization, or it was already replaced by a refresh.',
    resolution: 'Check the profile\'s app key and app secret are those of the app the seller authorized; otherwise have the seller authorize the app again (Authorize shop, or `widget-token auth url`).',
  },
  '36004004': {
    explanation: 'The authorization code is not valid: it was already exchanged, is older than 30 minutes, or was not issued to this app.',
    resolution: 'Open the authorization link again to get a fresh code, and connect it at once; a code works only once.',
  },
};

/** The same codes as refused by the offline sandbox, where what the text says differs. */
const SANDBOX_API_ERRORS: Readonly<Record<string, ApiErrorHelp>> = {
  '98001001': {
    explanation: 'The offline sandbox had an internal error.',
    resolution: 'Try again. If it keeps happening, restart the app or `widget-token sandbox`, whichever runs the sandbox.',
  },
  '106001': {
    explanation: 'The signature (sign) did not match what the offline sandbox computed: the app secret is wrong for this app key.',
    resolution: `Re-enter the app secret: the offline sandbox accepts only its public demo app secret (${PRINTS_DEMO}).`,
  },
  '36009004': {
    explanation: 'The offline sandbox rejected the credentials: the app key, the timestamp or the access token.',
    resolution: `Use the sandbox's demo app key and access token (${PRINTS_DEMO}), and check that this computer's clock is synchronised.`,
  },
};

type Culprit = 'app key' | 'timestamp' | 'access token';

/**
 * 36009004 "invalid credentials": the server's message names the culprit, so the help
 * names the same one. The loose "token" match comes last so that a message about the
 * app key or the timestamp is not taken for one about the access token.
 */
function culpritOf(message: string): Culprit | undefined {
  const m = message.toLowerCase();
  if (/app[_ ]?key/.test(m)) return 'app key';
  if (m.includes('timestamp')) return 'timestamp';
  if (/access[_ -]?token|token/.test(m)) return 'access token';
  return undefined;
}

const CULPRIT_HELP: Readonly<Record<Culprit, ApiErrorHelp>> = {
  'app key': {
    explanation: 'TikTok Shop does not accept the app key: it is unknown, or not the app this access token belongs to.',
    resolution: 'Copy the app key again from Partner Center (App & Service > your app) into the profile, and check the access token was issued to that app.',
  },
  timestamp: {
    explanation: `TikTok Shop rejected the timestamp: it accepts one ${TIMESTAMP_WINDOW}.`,
    resolution: SYNC_CLOCK,
  },
  'access token': {
    explanation: 'TikTok Shop does not accept the access token (x-tts-access-token): it is malformed, revoked, or for another app.',
    resolution: 'Store a current access token issued to this app in the profile (authorize the shop again if needed).',
  },
};

const SANDBOX_CULPRIT_HELP: Readonly<Record<Culprit, ApiErrorHelp>> = {
  'app key': {
    explanation: 'The offline sandbox does not accept the app key: it accepts only its public demo app key.',
    resolution: `Put the sandbox's demo app key in the profile (${PRINTS_DEMO}), or use the built-in sandbox profile.`,
  },
  timestamp: {
    explanation: `The offline sandbox rejected the timestamp: like TikTok Shop, it accepts one ${TIMESTAMP_WINDOW}.`,
    resolution: SYNC_CLOCK,
  },
  'access token': {
    explanation: 'The offline sandbox does not accept the access token (x-tts-access-token): it accepts only its public demo access token.',
    resolution: `Store the sandbox's demo access token in the profile (${PRINTS_DEMO}), or use the built-in sandbox profile.`,
  },
};

function tiktokHelp(code: string, message: string): ApiErrorHelp {
  const culprit = code === '36009004' ? culpritOf(message) : undefined;
  if (culprit !== undefined) return CULPRIT_HELP[culprit];
  return (
    KNOWN_API_ERRORS[code] ?? {
      explanation: `The API answered with code ${code}, which this app has no description for; the message is the server's own.`,
      resolution: `Look the code up in the TikTok Shop Partner API documentation. If it persists, ${WITH_REQUEST_ID}.`,
    }
  );
}

/** A code with no sandbox entry keeps TikTok Shop's help: its text names no one who checked, or the sandbox never answers it. */
function sandboxHelp(code: string, message: string): ApiErrorHelp {
  const culprit = code === '36009004' ? culpritOf(message) : undefined;
  if (culprit !== undefined) return SANDBOX_CULPRIT_HELP[culprit];
  return (
    SANDBOX_API_ERRORS[code] ??
    KNOWN_API_ERRORS[code] ?? {
      explanation: `The offline sandbox answered with code ${code}, which this app has no description for; the message is the sandbox's own.`,
      resolution: 'The message says what the sandbox refused: correct that in the profile and try again.',
    }
  );
}

/** The API's answer for a non-zero code, with what it means and what to do. */
export function toApiError({ code, message, requestId, clockSkewWarning }: ApiErrorInput): ApiError {
  const help = message.endsWith(SANDBOX_REFUSAL_LABEL) ? sandboxHelp(code, message) : tiktokHelp(code, message);
  return new ApiError({
    code,
    message: message === '' ? `The API answered with error code ${code} and no message.` : message,
    explanation: help.explanation,
    resolution: clockSkewWarning ? `${help.resolution} ${clockSkewWarning}` : help.resolution,
    requestId,
  });
}
